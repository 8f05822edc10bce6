"""The dateline ("NEW YORK, June 11, 2020 –") and what it says: the default region and the date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from outreach.domain.release.model import Span

# Cities by region. Datelines name a city, sometimes followed by a US state or a country.
_CITIES_BY_REGION: dict[str, str] = {
    "US": "New York|New York City|NYC|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|"
    "Dallas|San Jose|Austin|Jacksonville|Fort Worth|Columbus|Charlotte|San Francisco|Indianapolis|Seattle|"
    "Denver|Washington|Washington D.C.|Washington DC|Boston|El Paso|Nashville|Detroit|Oklahoma City|Portland|"
    "Las Vegas|Memphis|Louisville|Baltimore|Milwaukee|Albuquerque|Tucson|Fresno|Sacramento|Kansas City|Mesa|"
    "Atlanta|Omaha|Colorado Springs|Raleigh|Miami|Long Beach|Virginia Beach|Oakland|Minneapolis|Tulsa|Tampa|"
    "Arlington|New Orleans|Wichita|Cleveland|Bakersfield|Aurora|Anaheim|Honolulu|Santa Ana|Riverside|"
    "Corpus Christi|Lexington|Stockton|Henderson|Saint Paul|St. Paul|St. Louis|Cincinnati|Pittsburgh|Greensboro|"
    "Anchorage|Plano|Lincoln|Orlando|Irvine|Newark|Durham|Chula Vista|Toledo|Fort Wayne|St. Petersburg|Laredo|"
    "Jersey City|Chandler|Madison|Lubbock|Scottsdale|Reno|Buffalo|Gilbert|Glendale|North Las Vegas|"
    "Winston-Salem|Chesapeake|Norfolk|Fremont|Garland|Irving|Hialeah|Richmond|Boise|Spokane|Baton Rouge|"
    "Des Moines|Tacoma|San Bernardino|Modesto|Fontana|Santa Clarita|Birmingham|Rochester|Salt Lake City|"
    "Providence|Hartford|New Haven|Albany|Burlington|Montpelier|Concord|Manchester|Augusta|Trenton|Dover|"
    "Annapolis|Harrisburg|Charleston|Columbia|Savannah|Tallahassee|Montgomery|Jackson|Little Rock|Topeka|"
    "Lansing|Ann Arbor|Springfield|Frankfort|Bismarck|Pierre|Helena|Cheyenne|Santa Fe|Carson City|Olympia|"
    "Salem|Juneau|Berkeley|Palo Alto|Mountain View|Cambridge|Brooklyn|Bronx|Queens|Staten Island|Silver Spring|"
    "Bethesda|Alexandria|Pasadena|Santa Monica|Silicon Valley|Menlo Park|Redmond|Cupertino|Sunnyvale",
    "GB": "London|Manchester|Birmingham|Leeds|Glasgow|Edinburgh|Liverpool|Bristol|Sheffield|Cardiff|Belfast|"
    "Leicester|Nottingham|Newcastle|Newcastle upon Tyne|Brighton|Southampton|Portsmouth|Plymouth|Oxford|"
    "Cambridge|York|Aberdeen|Dundee|Swansea|Coventry|Bradford|Hull|Norwich|Exeter|Bath|Reading|Milton Keynes|"
    "Derby|Stoke-on-Trent|Sunderland|Wolverhampton|Inverness|Canterbury|Salford|Gateshead",
    "IE": "Dublin|Cork|Galway|Limerick|Waterford",
    "DE": "Berlin|Hamburg|München|Munich|Köln|Cologne|Frankfurt|Frankfurt am Main|Stuttgart|Düsseldorf|"
    "Dusseldorf|Dortmund|Essen|Leipzig|Bremen|Dresden|Hannover|Hanover|Nürnberg|Nuremberg|Bonn|Mannheim|"
    "Karlsruhe|Wiesbaden|Münster|Mainz|Freiburg|Heidelberg|Potsdam|Kiel|Rostock|Erfurt|Magdeburg|Augsburg",
    "AT": "Wien|Vienna|Graz|Linz|Salzburg|Innsbruck",
    "CH": "Zürich|Zurich|Genf|Geneva|Genève|Basel|Bern|Berne|Lausanne|Luzern|Lucerne|Lugano",
    "FR": "Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Strasbourg|Montpellier|Bordeaux|Lille|Rennes|Reims|Grenoble|"
    "Dijon|Angers|Brest|Le Havre|Toulon|Rouen",
    "BE": "Brussels|Bruxelles|Brussel|Antwerp|Antwerpen|Anvers|Ghent|Gent|Liège|Bruges|Brugge|Leuven|Namur",
    "NL": "Amsterdam|Rotterdam|The Hague|Den Haag|Utrecht|Eindhoven|Groningen|Leiden|Maastricht|Nijmegen|Haarlem",
    "LU": "Luxembourg",
    "ES": "Madrid|Barcelona|Valencia|Sevilla|Seville|Zaragoza|Málaga|Malaga|Bilbao|Palma|Granada|Alicante",
    "PT": "Lisboa|Lisbon|Porto|Oporto|Coimbra|Braga|Faro",
    "IT": "Roma|Rome|Milano|Milan|Napoli|Naples|Torino|Turin|Firenze|Florence|Bologna|Venezia|Venice|Genova|"
    "Genoa|Palermo|Bari|Verona",
    "DK": "Copenhagen|København|Aarhus|Odense",
    "SE": "Stockholm|Gothenburg|Göteborg|Malmö|Malmo|Uppsala",
    "NO": "Oslo|Bergen|Trondheim|Stavanger",
    "FI": "Helsinki|Espoo|Tampere|Turku",
    "IS": "Reykjavik|Reykjavík",
    "PL": "Warsaw|Warszawa|Kraków|Krakow|Łódź|Wrocław|Wroclaw|Poznań|Gdańsk|Gdansk",
    "CZ": "Prague|Praha|Brno",
    "SK": "Bratislava",
    "HU": "Budapest",
    "RO": "Bucharest|București|Cluj-Napoca",
    "BG": "Sofia",
    "GR": "Athens|Athina|Thessaloniki",
    "HR": "Zagreb|Split",
    "RS": "Belgrade|Beograd",
    "SI": "Ljubljana",
    "UA": "Kyiv|Kiev|Lviv|Kharkiv|Odesa|Odessa",
    "RU": "Moscow|Moskva|Saint Petersburg",
    "TR": "Istanbul|Ankara|Izmir",
    "EE": "Tallinn",
    "LV": "Riga",
    "LT": "Vilnius",
    "CA": "Toronto|Montreal|Montréal|Vancouver|Ottawa|Calgary|Edmonton|Winnipeg|Quebec City|Québec|Halifax|"
    "Victoria|Saskatoon|Regina|Hamilton|Kitchener|St. John's|Fredericton",
    "MX": "Mexico City|Ciudad de México|Ciudad de Mexico|CDMX|Guadalajara|Monterrey|Puebla|Tijuana|Cancún|Cancun",
    "BR": "São Paulo|Sao Paulo|Rio de Janeiro|Brasília|Brasilia|Belo Horizonte|Salvador|Fortaleza|Recife|"
    "Porto Alegre|Curitiba|Manaus|Belém|Belem|Goiânia|Florianópolis|Florianopolis|Campinas|Natal|Vitória",
    "AR": "Buenos Aires|Córdoba|Cordoba|Rosario|Mendoza",
    "CL": "Santiago|Valparaíso|Valparaiso",
    "CO": "Bogotá|Bogota|Medellín|Medellin|Cali|Cartagena|Barranquilla",
    "PE": "Lima|Cusco|Arequipa",
    "VE": "Caracas",
    "EC": "Quito|Guayaquil",
    "UY": "Montevideo",
    "BO": "La Paz",
    "CR": "San José",
    "GT": "Guatemala City",
    "KE": "Nairobi|Mombasa|Kisumu|Nakuru|Eldoret",
    "UG": "Kampala|Entebbe",
    "TZ": "Dar es Salaam|Dodoma|Arusha|Zanzibar",
    "RW": "Kigali",
    "ET": "Addis Ababa",
    "NG": "Lagos|Abuja|Kano|Ibadan|Port Harcourt",
    "GH": "Accra|Kumasi",
    "SN": "Dakar",
    "CI": "Abidjan",
    "CM": "Yaoundé|Douala",
    "ZA": "Johannesburg|Cape Town|Durban|Pretoria|Port Elizabeth|Gqeberha|Soweto|Bloemfontein",
    "ZW": "Harare|Bulawayo",
    "ZM": "Lusaka",
    "MW": "Lilongwe|Blantyre",
    "MZ": "Maputo",
    "EG": "Cairo|Alexandria|Giza",
    "MA": "Rabat|Casablanca|Marrakech|Marrakesh",
    "TN": "Tunis",
    "DZ": "Algiers",
    "IL": "Jerusalem|Tel Aviv|Haifa",
    "PS": "Ramallah|Gaza",
    "JO": "Amman",
    "LB": "Beirut",
    "AE": "Dubai|Abu Dhabi|Sharjah",
    "QA": "Doha",
    "SA": "Riyadh|Jeddah",
    "IN": "New Delhi|Delhi|Mumbai|Bombay|Bengaluru|Bangalore|Chennai|Madras|Kolkata|Calcutta|Hyderabad|Pune|"
    "Ahmedabad|Jaipur|Lucknow|Kochi|Cochin|Thiruvananthapuram|Chandigarh|Bhopal|Patna|Gurugram|Gurgaon|Noida|"
    "Guwahati|Bhubaneswar|Indore|Nagpur|Coimbatore|Visakhapatnam",
    "PK": "Islamabad|Karachi|Lahore|Peshawar",
    "BD": "Dhaka|Chittagong",
    "LK": "Colombo",
    "NP": "Kathmandu",
    "CN": "Beijing|Shanghai|Guangzhou|Shenzhen|Chengdu|Wuhan",
    "HK": "Hong Kong",
    "TW": "Taipei",
    "JP": "Tokyo|Osaka|Kyoto|Yokohama|Nagoya|Sapporo|Fukuoka",
    "KR": "Seoul|Busan|Incheon",
    "SG": "Singapore",
    "MY": "Kuala Lumpur|Penang",
    "TH": "Bangkok|Chiang Mai",
    "VN": "Hanoi|Ho Chi Minh City",
    "PH": "Manila|Quezon City|Cebu|Davao",
    "ID": "Jakarta|Surabaya|Bandung|Denpasar",
    "AU": "Sydney|Melbourne|Brisbane|Perth|Adelaide|Canberra|Hobart|Darwin|Gold Coast|Newcastle|Geelong|"
    "Wollongong|Cairns|Townsville",
    "NZ": "Auckland|Wellington|Christchurch|Dunedin|Hamilton",
}
# A city that two regions share is decided by the first region listed here (Birmingham: US wins only
# with a state after it, see find_dateline).
_PREFERRED = ["GB", "AU", "CA", "DE", "FR", "ES", "IT", "US"]

_COUNTRIES: dict[str, str] = {
    "united states": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united kingdom": "GB", "uk": "GB",
    "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "britain": "GB",
    "great britain": "GB", "ireland": "IE", "germany": "DE", "deutschland": "DE", "austria": "AT",
    "österreich": "AT", "switzerland": "CH", "schweiz": "CH", "suisse": "CH", "france": "FR", "belgium": "BE",
    "belgique": "BE", "belgië": "BE", "netherlands": "NL", "the netherlands": "NL", "nederland": "NL",
    "luxembourg": "LU", "spain": "ES", "españa": "ES", "portugal": "PT", "italy": "IT", "italia": "IT",
    "denmark": "DK", "danmark": "DK", "sweden": "SE", "sverige": "SE", "norway": "NO", "norge": "NO",
    "finland": "FI", "suomi": "FI", "iceland": "IS", "poland": "PL", "polska": "PL", "czech republic": "CZ",
    "czechia": "CZ", "slovakia": "SK", "hungary": "HU", "romania": "RO", "bulgaria": "BG", "greece": "GR",
    "croatia": "HR", "serbia": "RS", "slovenia": "SI", "ukraine": "UA", "russia": "RU", "turkey": "TR",
    "türkiye": "TR", "estonia": "EE", "latvia": "LV", "lithuania": "LT", "canada": "CA", "mexico": "MX",
    "méxico": "MX", "brazil": "BR", "brasil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO",
    "peru": "PE", "perú": "PE", "venezuela": "VE", "ecuador": "EC", "uruguay": "UY", "bolivia": "BO",
    "paraguay": "PY", "costa rica": "CR", "guatemala": "GT", "kenya": "KE", "uganda": "UG", "tanzania": "TZ",
    "rwanda": "RW", "ethiopia": "ET", "nigeria": "NG", "ghana": "GH", "senegal": "SN", "sénégal": "SN",
    "cameroon": "CM", "south africa": "ZA", "zimbabwe": "ZW", "zambia": "ZM", "malawi": "MW",
    "mozambique": "MZ", "egypt": "EG", "morocco": "MA", "tunisia": "TN", "algeria": "DZ", "israel": "IL",
    "jordan": "JO", "lebanon": "LB", "united arab emirates": "AE", "uae": "AE", "qatar": "QA",
    "saudi arabia": "SA", "india": "IN", "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK",
    "nepal": "NP", "china": "CN", "hong kong": "HK", "taiwan": "TW", "japan": "JP", "south korea": "KR",
    "korea": "KR", "singapore": "SG", "malaysia": "MY", "thailand": "TH", "vietnam": "VN", "viet nam": "VN",
    "philippines": "PH", "indonesia": "ID", "australia": "AU", "new zealand": "NZ", "aotearoa": "NZ",
}

# US states: AP abbreviations, postal codes and names. Anything here after a city means US.
_US_STATES = (
    "Ala.|Alaska|Ariz.|Ark.|Calif.|Cal.|Colo.|Conn.|Del.|D.C.|DC|Fla.|Ga.|Hawaii|Idaho|Ill.|Ind.|Iowa|Kan.|Kans.|"
    "Ky.|La.|Maine|Md.|Mass.|Mich.|Minn.|Miss.|Mo.|Mont.|Neb.|Nebr.|Nev.|N.H.|N.J.|N.M.|N.Y.|N.C.|N.D.|Ohio|"
    "Okla.|Ore.|Oreg.|Pa.|Penn.|R.I.|S.C.|S.D.|Tenn.|Tex.|Texas|Utah|Vt.|Va.|Wash.|W.Va.|W. Va.|Wis.|Wisc.|"
    "Wyo.|AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
    "ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|Alabama|Arizona|Arkansas|California|Colorado|"
    "Connecticut|Delaware|Florida|Georgia|Illinois|Indiana|Kansas|Kentucky|Louisiana|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    "North Carolina|North Dakota|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|"
    "Tennessee|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico|P.R."
)
# Canadian provinces and Australian states after a city.
_SUBDIVISIONS: dict[str, str] = {
    **{k.casefold(): "CA" for k in str.split(
        "Ont.|Ontario|Que.|Quebec|Québec|B.C.|BC|Alta.|Alberta|Man.|Manitoba|Sask.|"
       "Saskatchewan|N.S.|Nova Scotia|N.B.|New Brunswick|Nfld.|P.E.I.", "|")},
    **{k.casefold(): "AU" for k in str.split(
        "NSW|N.S.W.|Vic.|Victoria|Qld|Queensland|WA|SA|Tas.|Tasmania|ACT|NT", "|")},
}


def _city_table() -> dict[str, str]:
    table: dict[str, str] = {}
    order = _PREFERRED + [r for r in _CITIES_BY_REGION if r not in _PREFERRED]
    for region in order:
        for city in _CITIES_BY_REGION[region].split("|"):
            table.setdefault(city.casefold(), region)
    return table


CITIES: dict[str, str] = _city_table()
US_STATES: frozenset[str] = frozenset(s.casefold() for s in _US_STATES.split("|"))

# The dateline: a city at the start of a line, then an optional state/country, then a date or dash.
_DATELINE = re.compile(
    r"^[ \t*_]*(?P<city>[A-ZÀ-Þ][\w.'’-]*(?:[ ][A-Za-zÀ-ÿ][\w.'’-]*){0,3}?)"
    r"(?:[ \t]*,[ \t]*(?P<where>[A-ZÀ-Þ][\w.'’-]*(?:[ ][A-ZÀ-Þ][\w.'’-]*){0,2}))?"
    r"[ \t]*(?:,|\(|[-–—]|/|\d|$)",
    re.MULTILINE,
)

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan janvier janv januar jänner enero ene janeiro jan gennaio gen januari",
        "february feb février fevrier févr februar febrero fevereiro fev febbraio febbraio februari",
        "march mar mars märz maerz marzo março marco maart",
        "april apr avril abril aprile",
        "may mai mayo maio maggio mei",
        "june jun juin juni junio junho giugno",
        "july jul juillet juli julio julho luglio",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre setembro settembre set",
        "october oct octobre oktober octubre outubro ottobre okt",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre dezember diciembre dezembro dicembre dez dic",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number)
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(rf"(?i)\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(
        rf"(?i)\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?(?P<month>{_MONTH_RE})\.?"
        rf"(?:\s+de)?,?\s+(?P<year>(?:19|20)\d\d)\b"
    ),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)\b"),
]


@dataclass(frozen=True, slots=True)
class Dateline:
    city: str
    region: str | None
    span: Span  # in the normalised text


def _lookup(city: str, where: str | None) -> str | None:
    if where:
        key = where.casefold().rstrip(",")
        if key in US_STATES and where[:1].isupper():
            return "US"
        if key in _COUNTRIES:
            return _COUNTRIES[key]
        if key in _SUBDIVISIONS:
            return _SUBDIVISIONS[key]
    return CITIES.get(city.casefold())


def find_dateline(text: str, limit: int = 4000) -> Dateline | None:
    """The first line in the head of the release that starts with a known city."""
    head = text[:limit]
    for m in _DATELINE.finditer(head):
        city = m.group("city")
        where = m.group("where")
        words = city.split(" ")
        # "NEW YORK CITY - JUNE" style: try the longest run of words that is a known city.
        for k in range(len(words), 0, -1):
            name = " ".join(words[:k]).rstrip(",.")
            if name.isupper() or (k == len(words) and (where or _spaced_dash_follows(head, m.end("city")))):
                region = _lookup(name, where if k == len(words) else None)
                if region is None and name.casefold() in _COUNTRIES:
                    region = _COUNTRIES[name.casefold()]
                if region is not None:
                    return Dateline(city=name, region=region, span=(m.start("city"), m.start("city") + len(name)))
    return None


def _spaced_dash_follows(text: str, pos: int) -> bool:
    return re.match(r"[ \t]*(?:,|\(|[ \t][-–—][ \t])", text[pos : pos + 4]) is not None


def find_release_date(text: str, start: int = 0, limit: int = 1500) -> str | None:
    """The first date in the dateline area, as yyyy-mm-dd."""
    head = text[start : start + limit]
    best: tuple[int, str] | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(head)
        if not m:
            continue
        month_text = m.group("month")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.casefold(), 0)
        try:
            value = date(int(m.group("year")), month, int(m.group("day"))).isoformat()
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), value)
    return best[1] if best else None
