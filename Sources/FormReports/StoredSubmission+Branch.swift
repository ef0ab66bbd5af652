public import FormSchema
public import FormStore
import Foundation

extension StoredSubmission {
    /// The branch the record names, in the field its form says names it (`x-form.branch`); nil when none.
    public func branch(in catalog: SchemaCatalog) -> String? {
        guard let field = form.flatMap({ catalog.form(id: $0) })?.roles.branchField else { return nil }
        return record?[field]?.stringValue
    }
}
