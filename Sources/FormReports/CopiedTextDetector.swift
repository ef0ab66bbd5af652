import Foundation

/// Finds long texts that are nearly the same in different submissions: 整改措施 copied between branches,
/// 阶段总结 copied between mentoring pairs, 学习体会 copied between members.
///
/// Similarity is the Jaccard index of the texts' character trigrams after spaces and punctuation are removed,
/// so re-punctuated or re-spaced copies still match. Candidate pairs come from prefix filtering (Bayardo et
/// al., "Scaling Up All Pairs Similarity Search"): with trigrams ordered rarest first, two sets with Jaccard ≥ t
/// must share one of the first |x| − ⌈t·|x|⌉ + 1 trigrams of each, so only pairs sharing a rare trigram are
/// ever compared, and identical texts are grouped once instead of compared pairwise. The result is exact,
/// not an approximation like MinHash. Only the first `maxComparedCharacters` of each text take part.
struct CopiedTextDetector {
    /// One text to compare: a field (or table cell) of one submission.
    struct Text {
        let submissionID: Int64
        /// Only texts of the same form and field (table column) are compared.
        let group: String
        /// Where in the record, as a finding path: `summary`, `items[2].measures`.
        let path: String
        let text: String
    }

    /// The closest other text to one text, and how many other submissions' texts passed the threshold.
    struct Match: Equatable {
        let submissionID: Int64
        let path: String
        let otherSubmissionID: Int64
        let otherPath: String
        let similarity: Double
        let matches: Int
    }

    /// Shorter texts (after normalising) are not compared: short answers like 加强学习 coincide innocently.
    static let minimumLength = 20

    let threshold: Double

    func matches(in texts: [Text]) -> [Match] {
        matches(
            inNormalised: texts.compactMap { text in
                let scalars = Self.normalised(text.text)
                guard scalars.count >= Self.minimumLength else { return nil }
                var normalised = ""
                normalised.unicodeScalars.append(contentsOf: scalars)
                return Text(submissionID: text.submissionID, group: text.group, path: text.path, text: normalised)
            })
    }

    /// The same for texts already in `normalised` form and at least `minimumLength` long.
    func matches(inNormalised texts: [Text]) -> [Match] {
        var groups: [String: [Text]] = [:]
        for text in texts { groups[text.group, default: []].append(text) }
        return matches(inGroups: groups.keys.sorted().map { groups[$0] ?? [] })
    }

    /// The same for texts the caller has already grouped (one array per form field or column), normalised
    /// and long enough, as the report collects them: nothing is normalised or grouped again, and each group
    /// is let go once compared. Groups are compared on their own, so their order does not matter.
    func matches(inGroups groups: [[Text]]) -> [Match] {
        var groups = groups
        var result: [Match] = []
        for index in groups.indices {
            let group = groups[index]
            groups[index] = []
            result += matches(inGroup: group)
        }
        return result.sorted { ($0.submissionID, $0.path) < ($1.submissionID, $1.path) }
    }

    /// At most this many characters of a text (after normalising, from its start) are compared. A form's
    /// long answers run to a few hundred characters; a copied answer is copied from its start, so 2,000 find
    /// every copy a clerk would, while one pasted book (1.9 million characters) no longer costs the report
    /// seconds and hundreds of MB of trigrams. The work per text is linear and bounded by this.
    static let maxComparedCharacters = 2_000

    /// The text without blanks, punctuation and symbols, cut at `maxComparedCharacters`; the scan stops there.
    static func normalised(_ text: String) -> [Unicode.Scalar] {
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(min(text.utf8.count, maxComparedCharacters))
        for scalar in text.unicodeScalars {
            guard kept.count < maxComparedCharacters else { break }
            if isCompared(scalar) { kept.append(scalar) }
        }
        return kept
    }

    private static func isCompared(_ scalar: Unicode.Scalar) -> Bool {
        // Most of what forms hold is CJK ideographs, ASCII letters and digits: kept without a property lookup.
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: break
        }
        let properties = scalar.properties
        return
            !(properties.isWhitespace || properties.generalCategory.isPunctuation
            || properties.generalCategory == .mathSymbol || properties.generalCategory == .otherSymbol)
    }

    /// Identical normalised texts form one cluster; clusters are what the similarity join compares.
    private struct Cluster {
        let members: [Text]
        let tokens: [Int]
    }

    private func matches(inGroup texts: [Text]) -> [Match] {
        // Identical texts (as Strings compare them) form one cluster, in the order first met.
        var clusterOf: [String: Int] = [:]
        var order: [String] = []
        var members: [[Text]] = []
        for text in texts {
            // Guaranteed by the callers; checked so that a short text can never reach the trigram loop below.
            guard text.text.unicodeScalars.count >= Self.minimumLength else { continue }
            if let cluster = clusterOf[text.text] {
                members[cluster].append(text)
            } else {
                clusterOf[text.text] = order.count
                order.append(text.text)
                members.append([text])
            }
        }
        guard !order.isEmpty else { return [] }

        // Trigram ids in ascending document frequency, so every sorted token list starts with its rarest.
        // A trigram is packed exactly into 63 bits (three 21-bit scalars), which spares a String per trigram.
        var trigramSets: [Set<UInt64>] = []
        var frequency: [UInt64: Int] = [:]
        for key in order {
            let values = key.unicodeScalars.map { UInt64($0.value) }
            var set = Set<UInt64>(minimumCapacity: values.count)
            for start in 0...(values.count - 3) {
                set.insert(values[start] << 42 | values[start + 1] << 21 | values[start + 2])
            }
            for trigram in set { frequency[trigram, default: 0] += 1 }
            trigramSets.append(set)
        }
        let ranked = frequency.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        var rank: [UInt64: Int] = [:]
        rank.reserveCapacity(ranked.count)
        for (index, entry) in ranked.enumerated() { rank[entry.key] = index }
        var clusters: [Cluster] = []
        for index in order.indices {
            let tokens = trigramSets[index].compactMap { rank[$0] }.sorted()
            clusters.append(Cluster(members: members[index], tokens: tokens))
        }

        var links: [(Int, Int, Double)] = []
        // Shortest first: a probe only meets indexed sets no longer than itself, which the length filter needs.
        let bySize = clusters.indices.sorted { clusters[$0].tokens.count < clusters[$1].tokens.count }
        var index = [[Int]](repeating: [], count: rank.count)
        var seenStamp = [Int](repeating: -1, count: clusters.count)
        for probe in bySize {
            let tokens = clusters[probe].tokens
            // The epsilon keeps 0.85 × 20 = 17.000000000000004 from demanding 18 shared trigrams.
            let needed = Int((threshold * Double(tokens.count) - 1e-9).rounded(.up))
            let prefix = max(tokens.count - needed + 1, 1)
            for token in tokens.prefix(prefix) {
                for candidate in index[token] where seenStamp[candidate] != probe {
                    seenStamp[candidate] = probe
                    guard clusters[candidate].tokens.count >= needed else { continue }
                    if let similarity = Self.jaccard(tokens, clusters[candidate].tokens, atLeast: threshold) {
                        links.append((probe, candidate, similarity))
                    }
                }
                index[token].append(probe)
            }
        }
        return report(clusters: clusters, links: links)
    }

    /// Each text's closest text in another submission, and how many texts of other submissions passed.
    private func report(clusters: [Cluster], links: [(Int, Int, Double)]) -> [Match] {
        var partners: [Int: [(cluster: Int, similarity: Double)]] = [:]
        for (a, b, similarity) in links {
            partners[a, default: []].append((b, similarity))
            partners[b, default: []].append((a, similarity))
        }
        let perSubmission: [[Int64: Int]] = clusters.map { cluster in
            cluster.members.reduce(into: [:]) { counts, text in counts[text.submissionID, default: 0] += 1 }
        }
        var result: [Match] = []
        for (clusterIndex, cluster) in clusters.enumerated() {
            let others = (partners[clusterIndex] ?? []).sorted { $0.similarity > $1.similarity }
            guard cluster.members.count > 1 || !others.isEmpty else { continue }
            for text in cluster.members {
                var count = cluster.members.count - (perSubmission[clusterIndex][text.submissionID] ?? 0)
                var closest: (text: Text, similarity: Double)?
                if count > 0, let twin = cluster.members.first(where: { $0.submissionID != text.submissionID }) {
                    closest = (twin, 1)
                }
                for other in others {
                    let members = clusters[other.cluster].members
                    let foreign = members.count - (perSubmission[other.cluster][text.submissionID] ?? 0)
                    guard foreign > 0 else { continue }
                    count += foreign
                    if closest == nil, let partner = members.first(where: { $0.submissionID != text.submissionID }) {
                        closest = (partner, other.similarity)
                    }
                }
                guard let closest else { continue }
                result.append(
                    Match(
                        submissionID: text.submissionID, path: text.path, otherSubmissionID: closest.text.submissionID,
                        otherPath: closest.text.path, similarity: closest.similarity, matches: count))
            }
        }
        return result
    }

    /// |a ∩ b| / |a ∪ b| of two ascending id lists when it reaches `threshold`, else nil. J ≥ t needs an overlap
    /// of at least t/(1+t)·(|a|+|b|), so the merge stops as soon as what is left cannot make that up.
    static func jaccard(_ a: [Int], _ b: [Int], atLeast threshold: Double) -> Double? {
        let needed = Int((threshold / (1 + threshold) * Double(a.count + b.count) - 1e-9).rounded(.up))
        let common = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b -> Int? in
                var i = 0
                var j = 0
                var common = 0
                while i < a.count, j < b.count {
                    if common + min(a.count - i, b.count - j) < needed { return nil }
                    if a[i] == b[j] {
                        common += 1
                        i += 1
                        j += 1
                    } else if a[i] < b[j] {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                return common
            }
        }
        guard let common, common >= needed else { return nil }
        let similarity = Double(common) / Double(a.count + b.count - common)
        return similarity >= threshold - 1e-12 ? similarity : nil
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            true
        default:
            false
        }
    }
}
