import Foundation

/// Walks compiled nodes over an instance and collects what fails.
struct SchemaEvaluator {
    /// Deeper than this, a `$ref` chain is taken to be a loop that never consumes the instance.
    static let maxDepth = 300

    let nodes: [SchemaNode]

    /// Where the walk is: instance path and the `x-` keywords of the subschemas passed through.
    struct Scope {
        var path: [JSONPathComponent]
        var enclosing: [JSONObject]
        var depth: Int

        func entering(_ node: SchemaNode) -> Scope {
            var copy = self
            copy.depth += 1
            if !node.extensions.isEmpty { copy.enclosing.append(node.extensions) }
            return copy
        }

        func at(_ component: JSONPathComponent) -> Scope {
            var copy = self
            copy.path.append(component)
            return copy
        }
    }

    func isValid(_ index: Int, _ instance: JSONValue, scope: Scope) -> Bool {
        var errors: [ValidationError] = []
        evaluate(index, instance, scope: scope, into: &errors)
        return errors.isEmpty
    }

    func evaluate(_ index: Int, _ instance: JSONValue, scope: Scope, into errors: inout [ValidationError]) {
        let node = nodes[index]
        let failure = Failure(scope: scope, extensions: node.extensions, instance: instance)
        func report(
            _ name: String, _ location: String, _ details: String, expected: JSONValue? = nil, property: String? = nil
        ) {
            errors.append(failure(name, location, details, expected, property))
        }
        if let constant = node.constant {
            if !constant { report("false", node.location, "no value is allowed here") }
            return
        }
        guard scope.depth < Self.maxDepth else {
            report("$ref", node.location, "schema references nest deeper than \(Self.maxDepth) levels")
            return
        }
        let inner = scope.entering(node)
        for (keyword, location, name) in node.keywords {
            switch keyword {
            case .type(let names):
                if !names.contains(where: { Self.instance(instance, hasType: $0) }) {
                    report(
                        name, location, "\(Self.describe(instance)) is not of type \(names.joined(separator: " or "))",
                        expected: .array(names.map { .string($0) }))
                }
            case .enumeration(let values):
                if !values.contains(instance) {
                    report(name, location, "\(Self.describe(instance)) is not one of the enum values", expected: .array(values))
                }
            case .const(let value):
                if instance != value {
                    report(name, location, "\(Self.describe(instance)) is not \(value.serialized())", expected: value)
                }
            case .ref(let target):
                evaluate(target, instance, scope: inner, into: &errors)
            case .allOf(let list):
                for sub in list { evaluate(sub, instance, scope: inner, into: &errors) }
            case .anyOf(let list):
                if !list.contains(where: { isValid($0, instance, scope: inner) }) {
                    report(name, location, "matches none of the \(list.count) alternatives")
                }
            case .oneOf(let list):
                let matching = list.filter { isValid($0, instance, scope: inner) }.count
                if matching != 1 {
                    report(
                        name, location,
                        matching == 0
                            ? "matches none of the \(list.count) alternatives" : "matches \(matching) alternatives, not exactly one")
                }
            case .not(let sub):
                if isValid(sub, instance, scope: inner) { report(name, location, "matches a schema it must not match") }
            case .conditional(let condition, let thenNode, let elseNode):
                if isValid(condition, instance, scope: inner) {
                    if let thenNode { evaluate(thenNode, instance, scope: inner, into: &errors) }
                } else if let elseNode {
                    evaluate(elseNode, instance, scope: inner, into: &errors)
                }
            case .formatDate:
                if let text = instance.stringValue, CalendarDate(text) == nil {
                    report("format", location, "\"\(text)\" is not a full-date (YYYY-MM-DD)", expected: "date")
                }
            default:
                switch instance {
                case .object(let object):
                    evaluateObject(keyword, name, location, object, instance, scope: inner, failure: failure, into: &errors)
                case .array(let array):
                    evaluateArray(keyword, name, location, array, scope: inner, failure: failure, into: &errors)
                case .string(let text):
                    evaluateString(keyword, name, location, text, failure: failure, into: &errors)
                case .number(let number):
                    evaluateNumber(keyword, name, location, number, failure: failure, into: &errors)
                case .null, .bool:
                    break
                }
            }
        }
    }

    /// Builds the error for a keyword of the current node: name, location, details, expected, property. A struct
    /// rather than a closure: a closure capturing these was allocated for every node of every record evaluated.
    struct Failure {
        let scope: Scope
        let extensions: JSONObject
        let instance: JSONValue

        func callAsFunction(
            _ name: String, _ location: String, _ details: String, _ expected: JSONValue?, _ property: String?
        ) -> ValidationError {
            ValidationError(
                instancePath: scope.path, keyword: name, keywordLocation: location, details: details,
                expected: expected, value: instance, property: property, schemaExtensions: extensions,
                enclosingExtensions: scope.enclosing)
        }
    }

    private func evaluateObject(
        _ keyword: SchemaKeyword, _ name: String, _ location: String, _ object: JSONObject, _ instance: JSONValue,
        scope: Scope, failure: Failure, into errors: inout [ValidationError]
    ) {
        func report(_ name: String, _ location: String, _ details: String, _ expected: JSONValue?, _ property: String?) {
            errors.append(failure(name, location, details, expected, property))
        }
        switch keyword {
        case .properties(let entries):
            for (key, sub) in entries {
                if let value = object[key] { evaluate(sub, value, scope: scope.at(.key(key)), into: &errors) }
            }
        case .patternProperties(let entries):
            for (key, value) in object {
                for (pattern, sub) in entries where pattern.matches(key) {
                    evaluate(sub, value, scope: scope.at(.key(key)), into: &errors)
                }
            }
        case .additionalProperties(let sub, let known, let patterns):
            for (key, value) in object where !known.contains(key) && !patterns.contains(where: { $0.matches(key) }) {
                evaluate(sub, value, scope: scope.at(.key(key)), into: &errors)
            }
        case .required(let keys):
            for key in keys where object[key] == nil {
                report(name, location, "required property \"\(key)\" is missing", .array(keys.map { .string($0) }), key)
            }
        case .dependentRequired(let entries):
            for (trigger, keys) in entries where object[trigger] != nil {
                for key in keys where object[key] == nil {
                    report(
                        name, location, "property \"\(key)\" is required when \"\(trigger)\" is present",
                        .array(keys.map { .string($0) }), key)
                }
            }
        case .dependentSchemas(let entries):
            for (trigger, sub) in entries where object[trigger] != nil {
                evaluate(sub, instance, scope: scope, into: &errors)
            }
        case .propertyNames(let sub):
            for key in object.keys where !isValid(sub, .string(key), scope: scope) {
                report(name, location, "property name \"\(key)\" is not allowed", nil, key)
            }
        case .minProperties(let limit):
            if object.count < limit { report(name, location, "has \(object.count) properties, fewer than \(limit)", .number(Double(limit)), nil) }
        case .maxProperties(let limit):
            if object.count > limit { report(name, location, "has \(object.count) properties, more than \(limit)", .number(Double(limit)), nil) }
        default:
            break
        }
    }

    private func evaluateArray(
        _ keyword: SchemaKeyword, _ name: String, _ location: String, _ array: [JSONValue],
        scope: Scope, failure: Failure, into errors: inout [ValidationError]
    ) {
        func report(_ name: String, _ location: String, _ details: String, _ expected: JSONValue?, _ property: String?) {
            errors.append(failure(name, location, details, expected, property))
        }
        switch keyword {
        case .prefixItems(let list):
            for (position, sub) in list.enumerated() where position < array.count {
                evaluate(sub, array[position], scope: scope.at(.index(position)), into: &errors)
            }
        case .items(let sub, let start):
            for position in array.indices where position >= start {
                evaluate(sub, array[position], scope: scope.at(.index(position)), into: &errors)
            }
        case .contains(let sub, let minimum, let maximum):
            let matches = array.indices.filter { isValid(sub, array[$0], scope: scope.at(.index($0))) }.count
            if matches < minimum {
                report(
                    minimum == 1 ? "contains" : "minContains", location,
                    "\(matches) items match, fewer than \(minimum)", .number(Double(minimum)), nil)
            } else if let maximum, matches > maximum {
                report("maxContains", location, "\(matches) items match, more than \(maximum)", .number(Double(maximum)), nil)
            }
        case .minItems(let limit):
            if array.count < limit { report(name, location, "has \(array.count) items, fewer than \(limit)", .number(Double(limit)), nil) }
        case .maxItems(let limit):
            if array.count > limit { report(name, location, "has \(array.count) items, more than \(limit)", .number(Double(limit)), nil) }
        case .uniqueItems:
            outer: for first in array.indices {
                for second in array.indices where second > first && array[first] == array[second] {
                    report(name, location, "items \(first) and \(second) are equal", nil, nil)
                    break outer
                }
            }
        default:
            break
        }
    }

    private func evaluateString(
        _ keyword: SchemaKeyword, _ name: String, _ location: String, _ text: String, failure: Failure, into errors: inout [ValidationError]
    ) {
        func report(_ name: String, _ location: String, _ details: String, _ expected: JSONValue?, _ property: String?) {
            errors.append(failure(name, location, details, expected, property))
        }
        switch keyword {
        case .minLength(let limit):
            let length = text.unicodeScalars.count
            if length < limit { report(name, location, "has \(length) characters, fewer than \(limit)", .number(Double(limit)), nil) }
        case .maxLength(let limit):
            let length = text.unicodeScalars.count
            if length > limit { report(name, location, "has \(length) characters, more than \(limit)", .number(Double(limit)), nil) }
        case .pattern(let pattern):
            if !pattern.matches(text) {
                report(name, location, "\"\(text)\" does not match \(pattern.source)", .string(pattern.source), nil)
            }
        default:
            break
        }
    }

    private func evaluateNumber(
        _ keyword: SchemaKeyword, _ name: String, _ location: String, _ number: Double, failure: Failure, into errors: inout [ValidationError]
    ) {
        func report(_ name: String, _ location: String, _ details: String, _ expected: JSONValue?, _ property: String?) {
            errors.append(failure(name, location, details, expected, property))
        }
        let shown = JSONValue.format(number: number)
        switch keyword {
        case .minimum(let limit):
            if number < limit { report(name, location, "\(shown) is less than \(JSONValue.format(number: limit))", .number(limit), nil) }
        case .maximum(let limit):
            if number > limit { report(name, location, "\(shown) is greater than \(JSONValue.format(number: limit))", .number(limit), nil) }
        case .exclusiveMinimum(let limit):
            if number <= limit { report(name, location, "\(shown) is not greater than \(JSONValue.format(number: limit))", .number(limit), nil) }
        case .exclusiveMaximum(let limit):
            if number >= limit { report(name, location, "\(shown) is not less than \(JSONValue.format(number: limit))", .number(limit), nil) }
        case .multipleOf(let divisor):
            if !Self.isMultiple(number, of: divisor) {
                report(name, location, "\(shown) is not a multiple of \(JSONValue.format(number: divisor))", .number(divisor), nil)
            }
        default:
            break
        }
    }

    /// Decimal fractions are inexact in binary, so a quotient within a few ulps of an integer counts as one.
    static func isMultiple(_ number: Double, of divisor: Double) -> Bool {
        let quotient = number / divisor
        guard quotient.isFinite else {
            // The quotient overflowed: an integer is still a multiple of a divisor like 0.5 whose inverse is whole.
            let inverse = 1 / divisor
            return number.rounded() == number && inverse.isFinite && inverse.rounded() == inverse
        }
        let nearest = quotient.rounded()
        return abs(quotient - nearest) <= max(1, abs(quotient)).ulp * 8
    }

    static func instance(_ instance: JSONValue, hasType name: String) -> Bool {
        switch (name, instance) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
            ("number", .number):
            return true
        case ("integer", _):
            return instance.isInteger
        default:
            return false
        }
    }

    static func describe(_ instance: JSONValue) -> String {
        let text = instance.serialized()
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
