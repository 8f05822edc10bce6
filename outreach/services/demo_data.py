"""Word lists for fictional demo data (names from many cultures, outlets, beats, titles)."""

GIVEN = {
    "en": ["James", "Olivia", "Michael", "Emma", "David", "Sophie", "Daniel", "Grace", "Thomas", "Hannah",
           "Liam", "Chloe", "Ryan", "Megan", "Jack", "Laura", "Sean", "Rachel", "Owen", "Kate"],
    "es": ["María", "José", "Lucía", "Javier", "Carmen", "Alejandro", "Sofía", "Diego", "Elena", "Pablo"],
    "de": ["Jürgen", "Anna", "Lukas", "Katrin", "Matthias", "Sabine", "Felix", "Ulrike", "Jonas", "Birgit"],
    "fr": ["Chloé", "Mathieu", "Camille", "Étienne", "Léa", "Julien", "Amélie", "Nicolas", "Inès", "Hugo"],
    "pt": ["João", "Ana", "Thiago", "Beatriz", "Rafael", "Luíza", "Gustavo", "Mariana", "Bruno", "Larissa"],
    "ke": ["Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Kiprono", "Akinyi", "Mwangi", "Chebet", "Ouma"],
    "ng": ["Chinedu", "Ngozi", "Oluwaseun", "Aisha", "Emeka", "Funmilayo", "Ibrahim", "Yetunde", "Tunde", "Amaka"],
    "in": ["Priya", "Arjun", "Ananya", "Rahul", "Kavya", "Vikram", "Deepa", "Sanjay", "Meera", "Rohan"],
    "cn": ["Wei", "Xiaoling", "Jun", "Mei", "Hao", "Lan", "Yong", "Jing", "Bo", "Fang"],
    "jp": ["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Takumi", "Sakura", "Kenji", "Yuki"],
    "ar": ["Omar", "Layla", "Youssef", "Fatima", "Karim", "Nour", "Hassan", "Rania", "Tariq", "Salma"],
    "pl": ["Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Paweł", "Joanna", "Krzysztof"],
    "ie": ["Aoife", "Siobhán", "Ciarán", "Niamh", "Oisín", "Róisín", "Pádraig", "Saoirse"],
    "se": ["Bjørn", "Ingrid", "Lars", "Astrid", "Sven", "Freya", "Nils", "Sigrid"],
}
FAMILY = {
    "en": ["Smith", "Johnson", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Roberts",
           "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
           "Harris", "Martin", "Jackson", "Clarke", "Smithson", "Goldsmith", "O'Brien", "McCarthy"],
    "es": ["García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz", "Moreno"],
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"],
    "fr": ["Dubois", "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Lefèvre", "Moreau"],
    "pt": ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes"],
    "ke": ["Wanjiku", "Odhiambo", "Mutua", "Kiptoo", "Njoroge", "Omondi", "Kariuki", "Chepkoech", "Otieno"],
    "ng": ["Okafor", "Adeyemi", "Okonkwo", "Bello", "Eze", "Abubakar", "Adebayo", "Nwosu", "Ogunleye"],
    "in": ["Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh", "Menon", "Banerjee", "Kapoor"],
    "cn": ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
    "jp": ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi"],
    "ar": ["Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Farouk", "Hamdan", "Aziz", "Rahman"],
    "pl": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"],
    "ie": ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Connor", "Doyle"],
    "se": ["Lindqvist", "Johansson", "Andersson", "Karlsson", "Nilsson", "Eriksson", "Larsson"],
}
# Culture -> countries its people in the demo work in (phone region and contact country).
CULTURE_COUNTRIES = {
    "en": ["US", "GB", "AU", "CA", "US", "US"], "es": ["ES", "MX", "US"], "de": ["DE", "AT", "CH"],
    "fr": ["FR", "BE", "CA"], "pt": ["BR", "PT"], "ke": ["KE"], "ng": ["NG"], "in": ["IN"],
    "cn": ["CN", "SG", "US"], "jp": ["JP"], "ar": ["EG", "AE", "GB"], "pl": ["PL"], "ie": ["IE", "GB"],
    "se": ["SE", "NO", "GB"],
}
BEATS = ["climate", "politics", "technology", "health", "business", "education", "immigration", "housing",
         "civil rights", "privacy", "energy", "science", "labor", "courts", "culture", "agriculture"]
TITLES = ["Reporter", "Senior Correspondent", "Political Correspondent", "Climate Reporter", "Tech Editor",
          "Health Editor", "Producer", "Columnist", "News Editor", "Bureau Chief", "Investigative Reporter",
          "Features Writer", "Freelance Journalist", "Assignment Editor", "Data Journalist", "Anchor"]
SPOKES_TITLES = ["Communications Director", "Press Officer", "Media Relations Manager", "Executive Director",
                 "Head of Campaigns", "Policy Director"]
OUTLET_PATTERNS = ["The {city} {noun}", "{city} {noun}", "{noun} of {city}", "{city} Public Radio",
                   "Channel {n} {city}", "{city} {noun} Online"]
OUTLET_NOUNS = ["Post", "Times", "Herald", "Courier", "Tribune", "Observer", "Chronicle", "Gazette", "Wire",
                "Dispatch", "Ledger", "Star", "Journal", "Review", "Monitor", "Standard", "Examiner"]
CITIES = {
    "US": ["Metro", "Bay", "Harbor", "Capitol", "Lakeside", "Prairie", "Civic", "Riverside", "Summit"],
    "GB": ["Northern", "Thames", "Pennine", "Bristol", "Highland", "Mersey"],
    "AU": ["Sydney", "Harbour", "Outback"], "CA": ["Maple", "Lakeshore"], "ES": ["Ibérica", "Levante"],
    "MX": ["Valle"], "DE": ["Rhein", "Elbe", "Spree"], "AT": ["Donau"], "CH": ["Alpen"],
    "FR": ["Seine", "Quotidien"], "BE": ["Brabant"], "BR": ["Paulista", "Carioca"], "PT": ["Tejo"],
    "KE": ["Nairobi", "Rift"], "NG": ["Lagos", "Niger"], "IN": ["Deccan", "Ganges"], "CN": ["Pearl"],
    "SG": ["Straits"], "JP": ["Kanto"], "EG": ["Nile"], "AE": ["Gulf"], "PL": ["Wisła"], "IE": ["Harbour"],
    "SE": ["Nordic"], "NO": ["Fjord"],
}
NONPROFITS = ["Open Rights Alliance", "Clean Air Coalition", "Food Justice Network", "Tenants Together",
              "Digital Rights Coalition", "Harbor Keepers", "Youth Climate Forum", "Civic Data Project",
              "Migrant Voices", "Health Access Now"]
