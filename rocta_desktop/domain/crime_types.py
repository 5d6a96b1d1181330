"""Default crime-type vocabulary for OCG records (a ROCU can add its own codes)."""

DEFAULT_CRIME_TYPES: list[tuple[str, str]] = [
    ("DRUGS-SUPPLY", "Drugs supply"),
    ("COUNTY-LINES", "County lines drug supply"),
    ("DRUGS-IMPORT", "Drugs importation"),
    ("CANNABIS-CULT", "Cannabis cultivation"),
    ("FIREARMS", "Firearms supply and use"),
    ("MSHT", "Modern slavery and human trafficking"),
    ("OIC", "Organised immigration crime"),
    ("CSEA", "Child sexual exploitation and abuse"),
    ("FRAUD", "Fraud"),
    ("ML", "Money laundering"),
    ("CYBER", "Cyber crime"),
    ("OAC", "Organised acquisitive crime"),
    ("VEHICLE", "Vehicle crime"),
    ("ENVIRONMENTAL", "Waste and environmental crime"),
    ("BORDERS", "Border and excise evasion"),
    ("BRIBERY", "Bribery and corruption"),
    ("EXTORTION", "Extortion and violence"),
]
