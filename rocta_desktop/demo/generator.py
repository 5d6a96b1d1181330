"""A fictional demo region: forces, partner agencies, units, groups, nominals and vulnerabilities.

Every name here is invented (place names, force names) or a random pairing of common forenames and
surnames from many origins, including names with diacritics and aliases in Cyrillic and Greek
script, so that search, sorting, exports and fonts meet real-world text. The same seed (and the
same `today`) always gives the same region, references included.

Speed matters (a 10,000-group, 100,000-nominal region is the benchmark workload), so the bulk rows
are built as plain tuples and written with the driver's `executemany` inside the one unit of work;
only the handful of forces, agencies and units go through the ORM (and so are audited one by one).
The bulk rows bypass the flush-based audit capture, so one summary event is written for them.

    with ws.operation(...) as uow:
        reference data (ORM, audited)  ->  Context  ->  build() rows  ->  write() executemany
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..domain import clock
from ..domain.crime_types import DEFAULT_CRIME_TYPES
from ..domain.markings import Marking
from ..domain.subjects import (
    AliasKind,
    IdentifierKind,
    ManagementLevel,
    MemberRole,
    NominalFlag,
    ReachScope,
    SubjectKind,
    SubjectStatus,
    VulnerabilityCategory,
    format_reference,
    normalise_name,
)
from ..domain.users import Permission
from ..services import audit
from ..services.permissions import require
from ..services.references import next_serial, origin_prefix
from ..services.registers import nominal_display_name
from ..services.workspace import Workspace
from ..store import driver
from ..store.models import Agency, CrimeType, Force, Unit

# ====================================================================== reference data (fictional)

#: (code, name) of the region's forces
FORCES: list[tuple[str, str]] = [
    ("NMP", "Northmoor Police"),
    ("EVC", "Eastvale Constabulary"),
    ("WSP", "Westshire Police"),
    ("SDP", "Southdown Police"),
    ("HFC", "Highfell Constabulary"),
]
#: relative size of each force (share of the region's subjects)
FORCE_WEIGHTS = [30, 25, 20, 15, 10]

ROCU_CODE = "NVROCU"
#: (code, name, kind)
AGENCIES: list[tuple[str, str, str]] = [
    (ROCU_CODE, "Northvale Regional Organised Crime Unit", "ROCU"),
    ("NCA", "National Crime Agency", "law enforcement agency"),
    ("HMRC", "HM Revenue and Customs", "government department"),
    ("BF", "Border Force", "law enforcement agency"),
    ("IE", "Immigration Enforcement", "law enforcement agency"),
    ("DWP", "Department for Work and Pensions", "government department"),
    ("GLAA", "Gangmasters and Labour Abuse Authority", "regulator"),
    ("NMTS", "Northmoor Council Trading Standards", "local authority"),
]

#: (code, name, owner code, owner is a force?, capacity_threats, capacity_hours)
UNITS: list[tuple[str, str, str, bool, int, int]] = [
    ("ROCU-RIU", "Regional Intelligence Unit", ROCU_CODE, False, 40, 5200),
    ("ROCU-ROCT1", "Regional Organised Crime Team 1", ROCU_CODE, False, 12, 7800),
    ("ROCU-ROCT2", "Regional Organised Crime Team 2", ROCU_CODE, False, 12, 7800),
    ("ROCU-RART", "Regional Asset Recovery Team", ROCU_CODE, False, 25, 4200),
    ("ROCU-RCCU", "Regional Cyber Crime Unit", ROCU_CODE, False, 10, 3600),
    ("ROCU-GAIN", "Government Agency Intelligence Network", ROCU_CODE, False, 30, 1600),
    ("NMP-SOCT", "Northmoor Serious and Organised Crime Team", "NMP", True, 20, 6200),
    ("NMP-ECU", "Northmoor Economic Crime Unit", "NMP", True, 10, 2400),
    ("EVC-SOCT", "Eastvale Serious and Organised Crime Team", "EVC", True, 18, 5600),
    ("EVC-PRO", "Eastvale Proactive Team", "EVC", True, 10, 3000),
    ("WSP-SOCT", "Westshire Serious and Organised Crime Team", "WSP", True, 15, 4800),
    ("SDP-SOCT", "Southdown Serious and Organised Crime Team", "SDP", True, 12, 3900),
    ("HFC-SOCT", "Highfell Serious and Organised Crime Team", "HFC", True, 8, 2600),
    ("NCA-ROCT", "NCA Regional Organised Crime Team (Northvale)", "NCA", False, 10, 4000),
    ("HMRC-FIS", "HMRC Fraud Investigation Service (Northvale)", "HMRC", False, 8, 2400),
    ("IE-CFI", "Immigration Enforcement Criminal and Financial Investigation", "IE", False, 6, 1800),
]
ROCU_TEAM_UNITS = ["ROCU-ROCT1", "ROCU-ROCT2", "ROCU-RART", "ROCU-RCCU"]
NATIONAL_UNITS = ["NCA-ROCT", "HMRC-FIS", "IE-CFI", "ROCU-ROCT1"]

#: invented towns of the region, per force
TOWNS: dict[str, list[str]] = {
    "NMP": ["Ashbridge", "Brackenford", "Caldermouth", "Dunmere", "Fernleigh", "Gorsebrook", "Northmoor"],
    "EVC": ["Eastvale", "Hallowby", "Ivydale", "Kettlewick", "Larkhollow", "Marrowby"],
    "WSP": ["Netherfold", "Pellbury", "Ravensmoor", "Saltcote", "Thornwick", "Westbury Vale"],
    "SDP": ["Upperfold", "Wexcombe", "Yarrowby", "Southdown", "Cobbleford"],
    "HFC": ["Highfell", "Greyscar", "Mossgill", "Oxenhope Edge"],
}
_ALL_TOWNS = [t for ts in TOWNS.values() for t in ts]

# ====================================================================== people (random pairings)
# Each origin: weight, nationality, male forenames, female forenames, surnames (male, female)
# and, for origins written in another script, the same names in that script (used as aliases).


@dataclass(frozen=True)
class _Origin:
    weight: int
    nationality: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]
    script_names: dict[str, str] = field(default_factory=dict)  # latin -> other script


def _s(*names: str) -> tuple[tuple[str, str], ...]:
    """Surnames: 'Kowalczyk' (same for both) or 'Zieliński/Zielińska' (male/female)."""
    return tuple((n.split("/")[0], n.split("/")[-1]) for n in names)


_BRIT_MALE = ("Aaron", "Bradley", "Callum", "Dean", "Ellis", "Jordan", "Kyle", "Mason", "Nathan", "Reece",
              "Ryan", "Shane", "Tyler", "Connor", "Jamie", "Lewis", "Darren", "Craig", "Lee", "Kieran", "Jake",
              "Harvey", "Marcus", "Leon", "Jermaine", "Zak", "Ashley", "Carl", "Stuart", "Warren", "Dale",
              "Owen", "Rhys", "Declan", "Brandon")
_BRIT_FEMALE = ("Chantelle", "Danielle", "Gemma", "Kelly", "Leanne", "Stacey", "Jade", "Amber", "Chloe",
                "Kayleigh", "Shannon", "Paige", "Shanice", "Natalie", "Kirsty", "Jodie", "Lauren")
_BRIT_SURNAMES = _s(
    "Ashworth", "Barraclough", "Pennington", "Hargreaves", "Thwaite", "Entwistle", "Blackwood", "Holloway",
    "Fairbairn", "Kettering", "Lockwood", "Marsden", "Oakley", "Pickering", "Ramsbottom", "Sutcliffe",
    "Tindall", "Underwood", "Whitlock", "Yardley", "Brannigan", "Cartwright", "Dunmore", "Eccleston",
    "Fenwick", "Hebden", "Ingleby", "Kershaw", "Langley", "Mottram", "Naylor", "Ormerod", "Prendergast",
    "Quigley", "Rowbotham", "Tattersall", "Varley", "Walmsley", "Wainwright", "Birtwistle", "Crossley",
    "Dewhurst", "Earnshaw", "Fothergill", "Greenhalgh", "Haworth", "Illingworth", "Jessop", "Lomax",
    "Metcalfe", "Nuttall", "Openshaw", "Pilkington", "Schofield", "Thorncliffe", "Uttley", "Ackroyd",
    "Bottomley", "McAllister", "Cruickshank", "Moncrieff", "MacLeod", "Drummond", "Baird", "Smith-Hollis",
    "Aldous", "Bamforth", "Clegghorn", "Dinsdale", "Eastwood", "Frobisher", "Gledhill", "Hirst")

ORIGINS: list[_Origin] = [
    _Origin(48, "British", _BRIT_MALE, _BRIT_FEMALE, _BRIT_SURNAMES),
    _Origin(4, "Irish",
            ("Seán", "Pádraig", "Ciarán", "Eoin", "Darragh", "Cathal", "Conor", "Oisín"),
            ("Aoife", "Siobhán", "Niamh", "Róisín", "Clodagh", "Méabh"),
            _s("Mulrooney", "Doherty", "Flanagan", "Kilbride", "O'Driscoll", "O'Rourke", "Brennan",
               "Quinlan", "Ó Ceallaigh", "Mac Giolla")),
    _Origin(4, "Jamaican",
            ("Kemar", "Dwayne", "Andre", "Delroy", "Marlon", "Courtney", "Rohan"),
            ("Tanisha", "Keisha", "Monique", "Shernette"),
            _s("Forbes", "McKenzie", "Reid", "Powell", "Lindo", "Barrett", "Chambers", "Samuels")),
    _Origin(7, "Polish",
            ("Łukasz", "Paweł", "Wojciech", "Grzegorz", "Michał", "Tomasz", "Krzysztof", "Bartłomiej", "Zbigniew"),
            ("Małgorzata", "Agnieszka", "Katarzyna", "Żaneta", "Joanna", "Urszula"),
            _s("Kowalczyk", "Wójcik", "Woźniak", "Mazur", "Krawczyk", "Dudek", "Wróbel", "Zając", "Pawlak",
               "Sikora", "Szczepaniak", "Zieliński/Zielińska", "Dąbrowski/Dąbrowska", "Kozłowski/Kozłowska",
               "Jabłoński/Jabłońska", "Grabowski/Grabowska", "Michalski/Michalska", "Gęsiarz")),
    _Origin(6, "Albanian",
            ("Arbër", "Besnik", "Dritan", "Ermal", "Gëzim", "Ilir", "Fatmir", "Mërgim", "Agron", "Klodian"),
            ("Valbona", "Drita", "Elira", "Blerina", "Mimoza", "Dëshira"),
            _s("Krasniqi", "Gashi", "Shala", "Çela", "Dushku", "Lleshaj", "Bajrami", "Rexhepi", "Hysaj",
               "Kelmendi", "Mehmeti", "Dervishi", "Zeqiri", "Përmeti")),
    _Origin(5, "Vietnamese",
            ("Văn Minh", "Đức Anh", "Quốc Huy", "Văn Hùng", "Minh Tuấn", "Thanh Tùng", "Hữu Phước", "Công Sơn"),
            ("Thị Lan", "Thanh Hương", "Ngọc Ánh", "Thị Hằng", "Thu Trang", "Bích Ngọc"),
            _s("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh", "Ngô", "Dương")),
    _Origin(5, "Romanian",
            ("Andrei", "Ștefan", "Mihai", "Florin", "Cătălin", "Ionuț", "Bogdan", "Sorin"),
            ("Ioana", "Raluca", "Alina", "Mădălina", "Roxana", "Luminița"),
            _s("Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Munteanu", "Constantinescu", "Niculescu",
               "Tănase", "Lungu", "Ciobanu", "Bălan")),
    _Origin(3, "Lithuanian",
            ("Mindaugas", "Tomas", "Darius", "Giedrius", "Žydrūnas", "Arūnas"),
            ("Rūta", "Aušra", "Jurgita", "Eglė", "Laura"),
            _s("Kazlauskas/Kazlauskienė", "Petrauskas/Petrauskienė", "Žukauskas/Žukauskienė",
               "Jankauskas/Jankauskienė", "Vaitkus/Vaitkienė", "Stankevičius/Stankevičienė")),
    _Origin(4, "Turkish",
            ("Emre", "Burak", "Gökhan", "Murat", "Serkan", "Ömer", "Oğuz", "Barış"),
            ("Ayşe", "Elif", "Zeynep", "Gülşen", "Merve"),
            _s("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Kılıç")),
    _Origin(3, "Iraqi",
            ("Kawa", "Rebwar", "Soran", "Hawre", "Dilshad", "Karwan"),
            ("Shilan", "Nasrin", "Avin"),
            _s("Ahmadi", "Rostami", "Karimi", "Mahmoud", "Qadir", "Salih", "Hamasalih")),
    _Origin(4, "Nigerian",
            ("Chinedu", "Emeka", "Oluwaseun", "Tunde", "Ikenna", "Babatunde", "Obinna"),
            ("Ngozi", "Chiamaka", "Funmilayo", "Adaeze", "Yetunde"),
            _s("Okonkwo", "Adebayo", "Balogun", "Chukwu", "Eze", "Okafor", "Adeyemi", "Nwosu", "Olawale")),
    _Origin(2, "Ghanaian",
            ("Kwame", "Kofi", "Yaw", "Kwabena", "Kwaku"),
            ("Akosua", "Ama", "Efua", "Abena"),
            _s("Mensah", "Asante", "Osei", "Owusu", "Appiah", "Darko", "Boakye")),
    _Origin(2, "Russian",
            ("Dmitri", "Sergei", "Alexei", "Nikolai", "Pavel", "Artem"),
            ("Olga", "Irina", "Natalia", "Yulia"),
            _s("Volkov/Volkova", "Sokolov/Sokolova", "Morozov/Morozova", "Lebedev/Lebedeva", "Zaitsev/Zaitseva"),
            {"Dmitri": "Дмитрий", "Sergei": "Сергей", "Alexei": "Алексей", "Nikolai": "Николай", "Pavel": "Павел",
             "Artem": "Артём", "Olga": "Ольга", "Irina": "Ирина", "Natalia": "Наталья", "Yulia": "Юлия",
             "Volkov": "Волков", "Volkova": "Волкова", "Sokolov": "Соколов", "Sokolova": "Соколова",
             "Morozov": "Морозов", "Morozova": "Морозова", "Lebedev": "Лебедев", "Lebedeva": "Лебедева",
             "Zaitsev": "Зайцев", "Zaitseva": "Зайцева"}),
    _Origin(2, "Ukrainian",
            ("Oleksandr", "Andriy", "Taras", "Bohdan", "Yurii"),
            ("Oksana", "Kateryna", "Halyna"),
            _s("Kovalenko", "Bondarenko", "Tkachenko", "Shevchuk", "Melnyk", "Hrytsenko"),
            {"Oleksandr": "Олександр", "Andriy": "Андрій", "Taras": "Тарас", "Bohdan": "Богдан", "Yurii": "Юрій",
             "Oksana": "Оксана", "Kateryna": "Катерина", "Halyna": "Галина", "Kovalenko": "Коваленко",
             "Bondarenko": "Бондаренко", "Tkachenko": "Ткаченко", "Shevchuk": "Шевчук", "Melnyk": "Мельник",
             "Hrytsenko": "Гриценко"}),
    _Origin(1, "Bulgarian",
            ("Stoyan", "Ivaylo", "Krasimir", "Plamen"),
            ("Desislava", "Velislava", "Radka"),
            _s("Petrov/Petrova", "Dimitrov/Dimitrova", "Georgiev/Georgieva", "Stoyanov/Stoyanova"),
            {"Stoyan": "Стоян", "Ivaylo": "Ивайло", "Krasimir": "Красимир", "Plamen": "Пламен",
             "Desislava": "Десислава", "Velislava": "Велислава", "Radka": "Радка", "Petrov": "Петров",
             "Petrova": "Петрова", "Dimitrov": "Димитров", "Dimitrova": "Димитрова", "Georgiev": "Георгиев",
             "Georgieva": "Георгиева", "Stoyanov": "Стоянов", "Stoyanova": "Стоянова"}),
    _Origin(1, "Greek",
            ("Giorgos", "Dimitris", "Nikos", "Kostas", "Stavros"),
            ("Eleni", "Katerina", "Despina"),
            _s("Papadopoulos/Papadopoulou", "Georgiou", "Nikolaidis/Nikolaidou", "Konstantinou", "Vlachos/Vlachou"),
            {"Giorgos": "Γιώργος", "Dimitris": "Δημήτρης", "Nikos": "Νίκος", "Kostas": "Κώστας",
             "Stavros": "Σταύρος", "Eleni": "Ελένη", "Katerina": "Κατερίνα", "Despina": "Δέσποινα",
             "Papadopoulos": "Παπαδόπουλος", "Papadopoulou": "Παπαδοπούλου", "Georgiou": "Γεωργίου",
             "Nikolaidis": "Νικολαΐδης", "Nikolaidou": "Νικολαΐδου", "Konstantinou": "Κωνσταντίνου",
             "Vlachos": "Βλάχος", "Vlachou": "Βλάχου"}),
]

#: street names used as aliases
STREET_NAMES = ("Smudge", "Tiny", "Ghost", "Biscuit", "Moose", "Chopper", "Spider", "Lucky", "Twitch", "Snowy",
                "Rabbit", "Bones", "Nutty", "Ginger", "Shorty", "Stretch", "Bugsy", "Fingers", "Mad Dog",
                "Sparky", "Dodger", "Little Man", "Big Man", "Skinny", "Prof", "Kid", "Boss",
                "Scar", "Doc")

# ====================================================================== groups
_GROUP_PLACES = ("Harbour", "Eastside", "Westside", "Northside", "Southside", "Riverside", "Docklands", "Canal",
                 "Station", "Market", "Hillside", "Parkside", "Tower", "Bridge", "Mill", "Quarry", "Brook",
                 "Marsh", "Moor", "Valley") + tuple(_ALL_TOWNS)
_GROUP_NOUNS = ("Crew", "Firm", "Boys", "Network", "Syndicate", "Outfit", "Mob", "Lot", "Gang", "Connection",
                "Posse", "Clan", "Brotherhood", "Collective", "Cartel", "Organisation", "Team", "Circle",
                "Alliance", "Company")
_GROUP_ADJECTIVES = ("Red", "Black", "Silver", "Golden", "Iron", "Night", "Shadow", "Blue", "Green", "Crimson",
                     "White", "Grey", "Old", "New", "Young", "Northern", "Eastern", "Western", "Southern", "Lucky")
_LINE_HANDLES = ("Bishop", "Kenzo", "Zulu", "Ace", "Mojo", "Blade", "Tokyo", "Dolla", "Smokey", "Ocean",
                 "Magic", "Tiger", "Viper", "Rocco", "Casper", "Frosty", "Milo", "Dexter", "Rex", "Zeus",
                 "Apollo", "Nemo", "Bruno", "Flash", "Diesel", "Jet", "Kilo", "Echo", "Bravo", "Delta",
                 "Tango", "Romeo", "Sierra", "Oscar", "Victor", "Panda", "Cobra", "Gecko", "Hawk", "Lynx")
_FAMILY_WORDS = ("Family", "Brothers", "Crime Family")
_LRO_RANKS = {ManagementLevel.LOCAL: "DI", ManagementLevel.REGIONAL: "DCI", ManagementLevel.NATIONAL: "Det Supt"}
_LINK_NATURES = ("supplier", "customer", "rival", "shared members", "money laundering service",
                 "family ties", "firearms supply", "transport and logistics", None)
_EXPLOIT_NATURES = ("cuckooed address used for supply", "drug running", "money mule accounts", "cash-intensive front",
                    "storage and safe house", "labour exploitation", "importation route", "courier fraud victims")
_EXPLOIT_SOURCES = ("Trigger report", "Partner agency referral", "Covert source", "Open source", "Financial intelligence")
_ASSOC_NATURES = ("family", "associate", "co-accused", "partner", "cellmate", "business associate",
                  "courier for", None)
_GROUP_STATUS_REASONS = ("Dismantled following convictions of principal members",
                         "No longer meets the definition of an organised crime group",
                         "Merged into another mapped group", "No intelligence for over two years")
_NOMINAL_STATUS_REASONS = ("Deceased", "Deported", "Long-term custodial sentence",
                           "No longer assessed as involved in organised crime", "Duplicate record")

# ====================================================================== vulnerabilities
_VULN_TEMPLATES: dict[VulnerabilityCategory, tuple[tuple[str, str], ...]] = {
    VulnerabilityCategory.PLACE: (
        ("{town} docks", "Port area used for importation and onward distribution."),
        ("{town} bus and coach station", "Hub used by couriers travelling between supply and market areas."),
        ("Motorway services near {town}", "Meeting point for handovers of drugs, cash and firearms."),
        ("Short-let flats in {town} centre", "Used as trap houses and for sexual exploitation."),
        ("{town} marina", "Small craft movements with limited oversight."),
    ),
    VulnerabilityCategory.SECTOR: (
        ("Hand car washes in {town}", "Labour exploitation and cash-based laundering."),
        ("Nail bars in {town}", "Labour exploitation of trafficked workers."),
        ("Cash-intensive takeaways in {town}", "Used to mix criminal proceeds with takings."),
        ("Second-hand car dealers in {town}", "Vehicles bought with criminal cash."),
        ("Money service businesses in {town}", "Cash movement and informal value transfer."),
        ("Waste transfer sites around {town}", "Illegal dumping and environmental crime."),
    ),
    VulnerabilityCategory.COMMODITY_ROUTE: (
        ("Container traffic through {town}", "Concealment of drugs in legitimate freight."),
        ("Parcel depots serving {town}", "Postal supply of drugs, weapons and counterfeit goods."),
        ("Rail line from {town} to the coast", "County lines couriers travelling to market towns."),
        ("Roll-on roll-off freight via {town}", "Clandestine entry and importation in trailers."),
    ),
    VulnerabilityCategory.COHORT: (
        ("Children missing from care in {town}", "Recruited into county lines and criminal exploitation."),
        ("Vulnerable adults at risk of cuckooing in {town}", "Homes taken over for drug supply."),
        ("Students recruited as money mules in {town}", "Bank accounts used to move criminal proceeds."),
        ("Rough sleepers exploited for labour in {town}", "Forced labour and benefit fraud."),
        ("Older people targeted by courier fraud in {town}", "Repeat victims of organised fraud."),
        ("Pupils excluded from school in {town}", "Groomed for drug running and violence."),
    ),
}

_PNC_CHECK = "ZABCDEFGHJKLMNPQRTUVWXY"
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# ====================================================================== table layouts (raw inserts)

TABLES: dict[str, tuple[str, ...]] = {
    "subjects": ("id", "kind", "reference", "name", "name_norm", "marking", "status", "status_reason",
                 "lead_force_id", "owner_unit_id", "description", "notes", "created_by_id", "created_at",
                 "updated_at", "archived_at"),
    "groups": ("id", "management_level", "reach_scope", "lro_name"),
    "nominals": ("id", "surname", "forenames", "date_of_birth", "gender", "nationality", "flags"),
    "vulnerabilities": ("id", "category", "location"),
    "subject_aliases": ("id", "subject_id", "kind", "alias", "alias_norm"),
    "nominal_identifiers": ("id", "nominal_id", "kind", "value"),
    "group_members": ("id", "group_id", "nominal_id", "role", "since", "notes"),
    "group_crime_types": ("group_id", "crime_type_id"),
    "group_reach": ("group_id", "force_id"),
    "group_links": ("id", "group_a_id", "group_b_id", "nature"),
    "nominal_associations": ("id", "nominal_a_id", "nominal_b_id", "nature"),
    "vulnerability_links": ("id", "vulnerability_id", "exploiter_id", "nature", "date_from", "date_to",
                            "source_evaluation", "intel_assessment", "handling_code", "handling_conditions",
                            "source", "marking", "created_by_id", "created_at"),
}
#: tables whose ids the generator assigns (ids start after the current maximum)
ID_TABLES = ("subjects", "subject_aliases", "nominal_identifiers", "group_members", "group_links",
             "nominal_associations", "vulnerability_links")


# ====================================================================== context and rows

@dataclass
class Context:
    """What the rows depend on besides the seed: the workspace's reference ids and free numbers."""
    today: dt.date
    user_id: int | None
    force_ids: dict[str, int]           # demo force code -> id
    unit_ids: dict[str, int]            # demo unit code -> id
    crime_types: list[tuple[int, str]]  # (id, name)
    next_id: dict[str, int]             # table -> first free id
    first_serial: dict[str, int]        # reference prefix -> first serial to use
    origin: str | None = None           # the workspace's origin prefix (NMP/OCG-2026-0001), if it has one


@dataclass
class Rows:
    tables: dict[str, list[tuple]]
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(len(r) for r in self.tables.values())


def read_context(cursor: Any, *, today: dt.date, user_id: int | None) -> Context:
    """The context as the database stands (a DBAPI cursor): reference ids by code, first free ids
    and reference serials (read, not reserved: `generate` reserves them)."""
    forces = dict(cursor.execute("SELECT code, id FROM forces").fetchall())
    units = dict(cursor.execute("SELECT code, id FROM units").fetchall())
    crime_types = [tuple(r) for r in cursor.execute("SELECT id, name FROM crime_types ORDER BY id").fetchall()]
    next_id = {t: (cursor.execute(f"SELECT max(id) FROM {t}").fetchone()[0] or 0) + 1 for t in ID_TABLES}
    first_serial = {}
    for kind in SubjectKind:
        cursor.execute(driver.sql(cursor.connection, "SELECT last FROM reference_counters WHERE prefix = ? AND year = ?"),
                       (kind.prefix, today.year))
        row = cursor.fetchone()
        first_serial[kind.prefix] = (row[0] if row else 0) + 1
    return Context(today=today, user_id=user_id,
                   force_ids={c: forces[c] for c, _ in FORCES if c in forces},
                   unit_ids={u[0]: units[u[0]] for u in UNITS if u[0] in units},
                   crime_types=crime_types, next_id=next_id, first_serial=first_serial)


class _Clock:
    """Creation times spread over the year so far, increasing with the serial (so references sort
    in creation order), as stored text; generated without per-row datetime objects. Depends only
    on `today` and the random generator, never on the clock, so a seed gives the same region."""

    def __init__(self, today: dt.date, count: int, rng: random.Random):
        # from 1 January to the start of `today` (never later, so never in the future)
        start = int(dt.datetime(today.year, 1, 1, tzinfo=dt.UTC).timestamp())
        end = int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp())
        self.start = start
        self.end = max(end, start + 3600)
        self.step = max(1, (self.end - self.start) // max(1, count))
        self.rng = rng
        self._days: dict[int, str] = {}

    def text(self, ts: int, micro: int) -> str:
        day, sec = divmod(ts, 86400)
        prefix = self._days.get(day)
        if prefix is None:
            prefix = self._days[day] = dt.datetime.fromtimestamp(day * 86400, dt.UTC).strftime("%Y-%m-%dT")
        h, rem = divmod(sec, 3600)
        m, s = divmod(rem, 60)
        return f"{prefix}{h:02d}:{m:02d}:{s:02d}.{micro:06d}Z"

    def at(self, i: int) -> tuple[int, str]:
        ts = min(self.end, self.start + i * self.step + int(self.rng.random() * self.step))
        return ts, self.text(ts, int(self.rng.random() * 1_000_000))

    def later(self, ts: int) -> str:
        """A time after `ts` and no later than the end of the range (e.g. when it was archived)."""
        return self.text(min(self.end, ts + 1 + int(self.rng.random() * max(1, self.end - ts))),
                         int(self.rng.random() * 1_000_000))


def _pnc(year: int, serial: int) -> str:
    yy = year % 100
    return f"{yy:02d}/{serial}{_PNC_CHECK[int(f'{yy:02d}{serial:07d}') % 23]}"


def build(ctx: Context, *, groups: int, nominals: int, vulnerabilities: int, seed: int) -> Rows:
    """All bulk rows of a demo region, as tuples in `TABLES` column order. Pure Python: no database."""
    rng = random.Random(seed)
    today = ctx.today
    year = today.year
    today_ord = today.toordinal()
    uid = ctx.user_id
    force_codes = [c for c, _ in FORCES if c in ctx.force_ids]
    if not force_codes:
        raise ValueError("the demo forces are missing")
    force_ids = [ctx.force_ids[c] for c in force_codes]
    force_weights = [FORCE_WEIGHTS[[c for c, _ in FORCES].index(c)] for c in force_codes]
    force_area = {ctx.force_ids[c]: n.split()[0] for c, n in FORCES if c in ctx.force_ids}
    units = ctx.unit_ids
    force_units = {ctx.force_ids[c]: [units[u[0]] for u in UNITS if u[3] and u[2] == c and u[0] in units]
                   for c in force_codes}
    rocu_units = [units[c] for c in ROCU_TEAM_UNITS if c in units]
    national_units = [units[c] for c in NATIONAL_UNITS if c in units]
    ct_ids = [c[0] for c in ctx.crime_types]
    ct_names = dict(ctx.crime_types)
    towns_by_force = {ctx.force_ids[c]: TOWNS[c] for c in force_codes}

    next_id = dict(ctx.next_id)
    subjects: list[tuple] = []
    group_rows: list[tuple] = []
    nominal_rows: list[tuple] = []
    vuln_rows: list[tuple] = []
    aliases: list[tuple] = []
    identifiers: list[tuple] = []
    members: list[tuple] = []
    crime_rows: list[tuple] = []
    reach_rows: list[tuple] = []
    links: list[tuple] = []
    assocs: list[tuple] = []

    sid = next_id["subjects"]
    alias_id = next_id["subject_aliases"]
    ident_id = next_id["nominal_identifiers"]
    norm_cache: dict[str, str] = {}

    def norm(text: str) -> str:
        v = norm_cache.get(text)
        if v is None:
            v = norm_cache[text] = normalise_name(text)
        return v

    m_official, m_sens, m_secret = Marking.OFFICIAL.value, Marking.OFFICIAL_SENSITIVE.value, Marking.SECRET.value
    markings = (m_official, m_sens, m_secret)
    marking_w = (20, 75, 5)
    st_active, st_proposed, st_archived = (SubjectStatus.ACTIVE.value, SubjectStatus.PROPOSED.value,
                                           SubjectStatus.ARCHIVED.value)
    statuses = (st_active, st_proposed, st_archived)

    # ------------------------------------------------------------------ nominals
    nom_prefix = (ctx.origin + '/' if ctx.origin else '') + SubjectKind.NOMINAL.prefix
    serial = ctx.first_serial[SubjectKind.NOMINAL.prefix]
    clock = _Clock(today, nominals, rng)
    origin_list = rng.choices(ORIGINS, weights=[o.weight for o in ORIGINS], k=nominals)
    nom_markings = rng.choices(markings, weights=marking_w, k=nominals)
    nom_status = rng.choices(statuses, weights=(90, 5, 5), k=nominals)
    nom_forces = rng.choices(force_ids, weights=force_weights, k=nominals)
    flag_values = [f.value for f in NominalFlag]
    flag_weights = [8, 30, 20, 40, 3, 2]  # firearms, violence, weapons, drugs, escape risk, self harm
    flag_json: dict[tuple[str, ...], str] = {(): "[]"}
    kind_nom = SubjectKind.NOMINAL.value
    alias_kind = AliasKind.ALIAS.value
    nick_kind = AliasKind.NICKNAME.value
    pnc_kind, phone_kind = IdentifierKind.PNC_ID.value, IdentifierKind.PHONE.value
    veh_kind, ni_kind = IdentifierKind.VEHICLE.value, IdentifierKind.NI_NUMBER.value
    nominal_ids: list[int] = []
    rand = rng.random
    randrange = rng.randrange
    choice = rng.choice
    for i in range(nominals):
        o = origin_list[i]
        male = rand() < 0.8
        first = choice(o.male if male else o.female)
        sur_m, sur_f = choice(o.surnames)
        surname = sur_m if male else sur_f
        forenames = first
        if o.nationality == "British" and rand() < 0.35:
            middle = choice(o.male if male else o.female)
            if middle != first:
                forenames = f"{first} {middle}"
        upper = surname.upper()
        name = nominal_display_name(surname, forenames)
        name_norm = f"{norm(upper)}, {norm(forenames)}"
        age_days = int(rng.triangular(16 * 365.25 + 2, 70 * 365.25, 27 * 365.25))
        dob_ord = today_ord - age_days
        dob = dt.date.fromordinal(dob_ord)
        nationality = o.nationality if o.nationality == "British" or rand() < 0.75 else "British"
        r = rand()
        if r < 0.55:
            flags: tuple[str, ...] = ()
        else:
            picked = set(rng.choices(flag_values, weights=flag_weights, k=1 if r < 0.85 else 2))
            flags = tuple(sorted(picked))
        fj = flag_json.get(flags)
        if fj is None:
            fj = flag_json[flags] = json.dumps(list(flags))
        status = nom_status[i]
        ts, created = clock.at(i)
        reason = archived_at = None
        if status == st_archived:
            reason = choice(_NOMINAL_STATUS_REASONS)
            archived_at = clock.later(ts)
        ref = f"{nom_prefix}-{year:04d}-{serial:04d}"
        serial += 1
        subjects.append((sid, kind_nom, ref, name, name_norm, nom_markings[i], status, reason, nom_forces[i],
                         None, None, None, uid, created, created, archived_at))
        nominal_rows.append((sid, surname, forenames, dob.isoformat(), "Male" if male else "Female",
                             nationality, fj))
        nominal_ids.append(sid)
        # aliases: street names, anglicised spellings, names in their own script
        if rand() < 0.22:
            seen = {name_norm}
            options = []
            if o.script_names and rand() < 0.7:
                options.append(f"{o.script_names.get(first, first)} {o.script_names.get(surname, surname)}")
            options.append(choice(STREET_NAMES))
            if rand() < 0.3:
                options.append(f"{choice(o.male if male else o.female)} {surname}")
            for a in options[:2]:
                an = norm(a)
                if an not in seen:
                    seen.add(an)
                    aliases.append((alias_id, sid, alias_kind, a, an))
                    alias_id += 1
        # identifiers: a PNC ID (unique: the serial is a bijection of the subject id), some others
        if rand() < 0.93:
            first_year = min(year, dob.year + 16 + randrange(15))
            identifiers.append((ident_id, sid, pnc_kind, _pnc(first_year, (sid * 7919 + 104729) % 10_000_000)))
            ident_id += 1
        if rand() < 0.2:
            identifiers.append((ident_id, sid, phone_kind, f"07700 900{randrange(1000):03d}"))
            ident_id += 1
        if rand() < 0.08:  # 'Q' in the last three letters: never issued, so never a real vehicle
            letters = "ABCDEFGHJKLMNOPRSTUVWXY"
            plate = (f"{choice(letters)}{choice(letters)}{randrange(10, 75):02d} "
                     f"{choice(letters)}Q{choice(letters)}")
            identifiers.append((ident_id, sid, veh_kind, plate))
            ident_id += 1
        if rand() < 0.1:  # QQ prefix: reserved for examples, never issued
            identifiers.append((ident_id, sid, ni_kind, f"QQ{randrange(1_000_000):06d}{choice('ABCD')}"))
            ident_id += 1
        sid += 1

    # ------------------------------------------------------------------ groups
    grp_prefix = (ctx.origin + '/' if ctx.origin else '') + SubjectKind.GROUP.prefix
    serial = ctx.first_serial[SubjectKind.GROUP.prefix]
    clock = _Clock(today, groups, rng)
    levels = rng.choices((ManagementLevel.LOCAL, ManagementLevel.REGIONAL, ManagementLevel.NATIONAL),
                         weights=(75, 20, 5), k=groups)
    grp_markings = rng.choices(markings, weights=(8, 84, 8), k=groups)
    grp_status = rng.choices(statuses, weights=(85, 8, 7), k=groups)
    grp_forces = rng.choices(force_ids, weights=force_weights, k=groups)
    used_names: set[str] = set()
    kind_grp = SubjectKind.GROUP.value
    role_values = (MemberRole.SIGNIFICANT.value, MemberRole.PERIPHERAL.value, MemberRole.ENABLER.value)
    principal = MemberRole.PRINCIPAL.value
    surname_pool = [s[0] for o in ORIGINS for s in o.surnames]
    group_ids: list[int] = []
    group_members: list[list[int]] = []
    nom_range = range(len(nominal_ids))

    def group_name() -> str:
        for _ in range(40):
            p = rand()
            if p < 0.3:
                base = f"{choice(_GROUP_PLACES)} {choice(_GROUP_NOUNS)}"
            elif p < 0.4:
                base = f"{choice(_GROUP_ADJECTIVES)} {choice(_GROUP_NOUNS)}"
            elif p < 0.55:
                base = f"{choice(surname_pool)} {choice(_FAMILY_WORDS)}"
            elif p < 0.7:
                base = f"{choice(_LINE_HANDLES)} Line"
            else:
                base = f"{choice(_GROUP_PLACES)} {choice(_GROUP_ADJECTIVES)} {choice(_GROUP_NOUNS)}"
            if base not in used_names:
                break
        n = 2
        unique = base
        while unique in used_names:
            unique = f"{base} {n}"
            n += 1
        used_names.add(unique)
        if not unique.endswith("Line") and "Family" not in unique and rand() < 0.45:
            return f"The {unique}"
        return unique

    for i in range(groups):
        name = group_name()
        level = levels[i]
        lead = grp_forces[i]
        town = choice(towns_by_force[lead])
        n_reach = 1 if level is ManagementLevel.LOCAL and rand() < 0.7 else randrange(2, 4)
        reach = {lead}
        while len(reach) < min(n_reach, len(force_ids)):
            reach.add(choice(force_ids))
        if level is ManagementLevel.NATIONAL:
            scope = ReachScope.INTERNATIONAL.value if rand() < 0.5 else ReachScope.NATIONAL.value
            owner = choice(national_units) if national_units else None
        elif level is ManagementLevel.REGIONAL:
            scope = ReachScope.REGIONAL.value if len(reach) > 2 else ReachScope.CROSS_FORCE.value
            owner = choice(rocu_units) if rocu_units else None
        else:
            scope = ReachScope.LOCAL.value if len(reach) == 1 else ReachScope.CROSS_FORCE.value
            owner = choice(force_units[lead]) if force_units.get(lead) else None
        cts = rng.sample(ct_ids, min(len(ct_ids), 1 + (rand() < 0.5) + (rand() < 0.25)))
        status = grp_status[i]
        ts, created = clock.at(i)
        reason = archived_at = None
        if status == st_archived:
            reason = choice(_GROUP_STATUS_REASONS)
            archived_at = clock.later(ts)
        ref = f"{grp_prefix}-{year:04d}-{serial:04d}"
        serial += 1
        description = (f"{level.value.capitalize()}-level group based in {town}, "
                       f"involved in {', '.join(ct_names[c].lower() for c in cts)}.")
        lro = f"{_LRO_RANKS[level]} {choice('ABCDEFGHJKLMNPRSTW')}. {choice(_BRIT_SURNAMES)[0]}"
        subjects.append((sid, kind_grp, ref, name, norm(name), grp_markings[i], status, reason, lead, owner,
                         description, None, uid, created, created, archived_at))
        group_rows.append((sid, level.value, scope, lro))
        crime_rows.extend((sid, c) for c in cts)
        reach_rows.extend((sid, f) for f in sorted(reach))
        if rand() < 0.35:
            nick = (f"{choice(_LINE_HANDLES)} Boys" if rand() < 0.5 else f"{town} Lot")
            aliases.append((alias_id, sid, nick_kind, nick, norm(nick)))
            alias_id += 1
        # members: one (sometimes two) principals, then significant / peripheral / enabler
        k = min(randrange(3, 13), len(nominal_ids))
        picks = [nominal_ids[j] for j in rng.sample(nom_range, k)] if k else []
        n_principal = 2 if k >= 4 and rand() < 0.2 else 1
        roles = rng.choices(role_values, weights=(30, 50, 20), k=k)
        mid = next_id["group_members"]
        for j, nid in enumerate(picks):
            since = dt.date.fromordinal(today_ord - randrange(30, 3650)).isoformat()
            members.append((mid, sid, nid, principal if j < n_principal else roles[j], since, None))
            mid += 1
        next_id["group_members"] = mid
        group_ids.append(sid)
        group_members.append(picks)
        sid += 1

    # links between groups, associations between nominals (stored once, a < b)
    link_pairs: set[tuple[int, int]] = set()
    want = min(groups // 3, groups * (groups - 1) // 2)
    tries = 0
    while len(link_pairs) < want and tries < want * 10:
        tries += 1
        a, b = choice(group_ids), choice(group_ids)
        if a != b:
            link_pairs.add((a, b) if a < b else (b, a))
    lid = next_id["group_links"]
    for a, b in sorted(link_pairs):
        links.append((lid, a, b, choice(_LINK_NATURES)))
        lid += 1

    assoc_pairs: set[tuple[int, int]] = set()
    n_nom = len(nominal_ids)
    want = min(nominals // 3, n_nom * (n_nom - 1) // 2)
    tries = 0
    while len(assoc_pairs) < want and tries < want * 10:
        tries += 1
        if group_members and rand() < 0.7:
            picks = choice(group_members)
            if len(picks) < 2:
                continue
            a, b = choice(picks), choice(picks)
        else:
            a, b = choice(nominal_ids), choice(nominal_ids)
        if a != b:
            assoc_pairs.add((a, b) if a < b else (b, a))
    aid = next_id["nominal_associations"]
    for a, b in sorted(assoc_pairs):
        assocs.append((aid, a, b, choice(_ASSOC_NATURES)))
        aid += 1

    # ------------------------------------------------------------------ vulnerabilities
    vul_prefix = (ctx.origin + '/' if ctx.origin else '') + SubjectKind.VULNERABILITY.prefix
    serial = ctx.first_serial[SubjectKind.VULNERABILITY.prefix]
    clock = _Clock(today, vulnerabilities, rng)
    categories = list(_VULN_TEMPLATES)
    kind_vul = SubjectKind.VULNERABILITY.value
    for i in range(vulnerabilities):
        cat = choice(categories)
        lead = choice(force_ids)
        town = choice(towns_by_force[lead])
        template, description = choice(_VULN_TEMPLATES[cat])
        name = template.format(town=town)
        ts, created = clock.at(i)
        ref = f"{vul_prefix}-{year:04d}-{serial:04d}"
        serial += 1
        owner = choice(force_units[lead]) if force_units.get(lead) else None
        subjects.append((sid, kind_vul, ref, name, norm(name), rng.choice((m_official, m_sens)), st_active, None,
                         lead, owner, description, None, uid, created, created, None))
        vuln_rows.append((sid, cat.value, f"{town}, {force_area[lead]} area"))
        sid += 1

    # who exploits each vulnerability: drawn last, so a seed gives the region it gave before these existed
    exploits = []
    xid = next_id["vulnerability_links"]
    for vid, *_ in vuln_rows:
        picks: set[int] = set()
        for _ in range(randrange(1, 4)):
            if group_ids and rand() < 0.6:
                picks.add(choice(group_ids))
            elif nominal_ids:
                picks.add(choice(nominal_ids))
        for who in sorted(picks):
            began = dt.date.fromordinal(today_ord - randrange(30, 1500)).isoformat()
            graded = rand() < 0.7
            exploits.append((xid, vid, who, choice(_EXPLOIT_NATURES), began, None, "2" if graded else None,
                             choice("ABC") if graded else None, "P" if graded else None, None,
                             choice(_EXPLOIT_SOURCES), rng.choice((m_official, m_sens)), uid, created))
            xid += 1

    tables = {"subjects": subjects, "groups": group_rows, "nominals": nominal_rows, "vulnerabilities": vuln_rows,
              "subject_aliases": aliases, "nominal_identifiers": identifiers, "group_members": members,
              "group_crime_types": crime_rows, "group_reach": reach_rows, "group_links": links,
              "nominal_associations": assocs, "vulnerability_links": exploits}
    counts = {"groups": groups, "nominals": nominals, "vulnerabilities": vulnerabilities,
              "members": len(members), "links": len(links), "aliases": len(aliases),
              "identifiers": len(identifiers), "associations": len(assocs),
              "crime_type_links": len(crime_rows), "reach_links": len(reach_rows), "exploitation_links": len(exploits)}
    return Rows(tables, counts)


def write(dbapi_connection: Any, rows: Rows) -> None:
    """Insert the rows with the driver's bulk path (executemany; COPY on a server), parents before
    children, in the caller's transaction."""
    for table, columns in TABLES.items():
        data = rows.tables.get(table)
        if data:
            driver.insert_many(dbapi_connection, table, columns, data)
    driver.catch_up(dbapi_connection, ID_TABLES, analyse=[t for t in TABLES if rows.tables.get(t)])


# ====================================================================== reference data through the ORM

def _ensure_reference_data(session: Any) -> dict[str, int]:
    """Create the demo forces, agencies and units that are missing (reusing those whose codes
    exist), and the default crime types if the workspace has none. ORM objects: audited."""
    forces = {f.code: f for f in session.scalars(select(Force))}
    agencies = {a.code: a for a in session.scalars(select(Agency))}
    units = {u.code: u for u in session.scalars(select(Unit))}
    created = {"forces": 0, "agencies": 0, "units": 0}
    for code, name in FORCES:
        if code not in forces:
            forces[code] = Force(code=code, name=name, active=True)
            session.add(forces[code])
            created["forces"] += 1
    for code, name, kind in AGENCIES:
        if code not in agencies:
            agencies[code] = Agency(code=code, name=name, kind=kind, active=True)
            session.add(agencies[code])
            created["agencies"] += 1
    session.flush()
    for code, name, owner, is_force, threats, hours in UNITS:
        if code not in units:
            owner_obj = forces[owner] if is_force else agencies[owner]
            units[code] = Unit(code=code, name=name, force_id=owner_obj.id if is_force else None,
                               agency_id=None if is_force else owner_obj.id, capacity_threats=threats,
                               capacity_hours=hours, active=True)
            session.add(units[code])
            created["units"] += 1
    if session.scalar(select(CrimeType.id).limit(1)) is None:
        session.add_all(CrimeType(code=c, name=n) for c, n in DEFAULT_CRIME_TYPES)
    session.flush()
    return created


def generate(ws: Workspace, *, groups: int = 60, nominals: int = 400, vulnerabilities: int | None = None,
             seed: int = 1, today: dt.date | None = None) -> dict[str, int]:
    """Fill a workspace with a fictional, reproducible demo region. Returns what was written."""
    if groups < 0 or nominals < 0 or (vulnerabilities is not None and vulnerabilities < 0):
        raise ValueError("counts must not be negative")
    if vulnerabilities is None:
        vulnerabilities = groups // 5 + 5
    today = today or clock.today()
    with ws.operation("demo.generate", "Fictional demo region generated") as uow:
        require(uow.actor, Permission.EDIT_RECORDS)
        require(uow.actor, Permission.MANAGE_REFERENCE_DATA)  # it adds forces, agencies and units
        s = uow.session
        _ensure_reference_data(s)
        dbapi = s.connection().connection.driver_connection
        cur = dbapi.cursor()
        try:
            ctx = read_context(cur, today=today, user_id=uow.actor.user_id)
            ctx.origin = origin_prefix(s)
        finally:
            cur.close()
        for kind, n in ((SubjectKind.GROUP, groups), (SubjectKind.NOMINAL, nominals),
                        (SubjectKind.VULNERABILITY, vulnerabilities)):
            if n:
                first = next_serial(s, kind.prefix, today.year, n)
                if first != ctx.first_serial[kind.prefix]:
                    raise RuntimeError(f"reference counter for {kind.prefix} moved while generating")
        s.flush()  # the counters, before the raw rows
        rows = build(ctx, groups=groups, nominals=nominals, vulnerabilities=vulnerabilities, seed=seed)
        write(dbapi, rows)
        counts = {"forces": len(ctx.force_ids), "agencies": len(AGENCIES), "units": len(ctx.unit_ids),
                  **{k: rows.counts[k] for k in ("groups", "nominals", "vulnerabilities", "members", "links",
                                                  "aliases", "identifiers", "associations")}}
        first_refs = {k.prefix: format_reference(k, today.year, ctx.first_serial[k.prefix], ctx.origin)
                      for k in SubjectKind}
        audit.record(s, uow.actor, action="demo.generate", entity_type="workspace",
                     summary=(f"Fictional demo region generated (seed {seed}): {groups} groups from "
                              f"{first_refs['OCG']}, {nominals} nominals from {first_refs['NOM']}, "
                              f"{vulnerabilities} vulnerabilities from {first_refs['VUL']}"),
                     changes={**counts, "seed": seed, "today": today.isoformat()})
        uow.touch("subjects", SubjectKind.GROUP.value, SubjectKind.NOMINAL.value, SubjectKind.VULNERABILITY.value,
                  "force", "agency", "unit")
    return counts
