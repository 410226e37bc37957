import ChronographCore

/// The country each known city lies in, by actor id (the slug of the canonical name): capitals
/// from `countries.txt`, other cities from `cities.txt`. The merge reads it to tell a report
/// of a visit to Moscow and one of a visit to Russia (the same visit) from reports of visits
/// to Kyiv and to Warsaw (two stops of a tour).
public enum PlaceContainment {
    public static func table(language: String = "en") -> [String: String] {
        var countryOfCode: [String: String] = [:]
        var within: [String: String] = [:]
        for f in ResourceFiles.table("countries.txt", language: language, names: true) where f.count >= 2 {
            countryOfCode[f[0]] = f[1]
            if f.count > 4, !f[4].isEmpty { within[slugify(f[4])] = slugify(f[1]) }
        }
        for f in ResourceFiles.table("cities.txt", language: language, names: true) where f.count >= 2 {
            if let country = countryOfCode[f[1]], slugify(f[0]) != slugify(country) { within[slugify(f[0])] = slugify(country) }
        }
        return within
    }

    /// The table of a language, read once per process (English is all there is today).
    public static func of(language: String) -> [String: String] { language == "en" ? english : table(language: language) }
    static let english = table()
}

/// The words of a company's legal form (`org-suffixes.txt`, lowercase, without their final
/// period): the merge takes "Intel" in one document and "Intel Corp" in another for one company.
public enum CompanyForms {
    public static func suffixes(language: String) -> Set<String> { language == "en" ? english : read(language) }
    static let english = read("en")
    static func read(_ language: String) -> Set<String> {
        Set(ResourceFiles.lines("org-suffixes.txt", language: language).map { w in
            var w = w.lowercased(); while w.hasSuffix(".") { w.removeLast() }; return w
        })
    }
}

/// Short forms of given names and their full forms (`nicknames.txt`, lowercase): the merge takes
/// "Tom Enders" in one document and "Thomas Enders" in another for one person.
public enum GivenNameForms {
    public static func of(language: String) -> [String: [String]] { language == "en" ? english : read(language) }
    static let english = read("en")
    static func read(_ language: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for f in ResourceFiles.table("nicknames.txt", language: language) where f.count >= 2 {
            out[f[0].lowercased()] = f[1].lowercased().split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return out
    }
}
