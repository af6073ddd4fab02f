"""Regenerate src/postsale/benchmarks/geography.toml from CLDR (Babel) and the tz database's
zone.tab (run from the repository root: python scripts/geography_table.py)."""
from babel.core import Locale, get_global

AMERICAS = set("US CA MX BR AR CL CO PE VE EC BO PY UY GY SR GF FK GS GT HN SV NI CR PA BZ CU DO HT JM TT BS BB AG DM GD KN LC VC PR VI VG AI MS KY TC BM AW CW SX BQ BL MF MQ GP PM GL UM".split())
APAC = set("AU NZ JP CN HK MO TW KR KP MN SG MY ID PH TH VN KH LA MM BN TL IN PK BD LK NP BT MV AF PG FJ SB VU NC PF WS TO KI TV NR FM MH PW GU MP AS CK NU TK WF PN NF CX CC HM IO".split())
LATAM = set("MX BR AR CL CO PE VE EC BO PY UY GY SR GF FK GT HN SV NI CR PA BZ CU DO HT JM TT".split())
# where zone.tab's first zone for a country is not its capital's or most populous one
PRIMARY = {"AU": "Australia/Sydney", "BR": "America/Sao_Paulo", "CA": "America/Toronto",
           "RU": "Europe/Moscow", "MX": "America/Mexico_City", "ID": "Asia/Jakarta",
           "KZ": "Asia/Almaty", "CL": "America/Santiago", "EC": "America/Guayaquil",
           "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "NZ": "Pacific/Auckland",
           "CD": "Africa/Kinshasa", "MN": "Asia/Ulaanbaatar", "AR": "America/Argentina/Buenos_Aires",
           "GL": "America/Nuuk", "UZ": "Asia/Tashkent", "FM": "Pacific/Pohnpei", "KI": "Pacific/Tarawa",
           "PF": "Pacific/Tahiti", "DE": "Europe/Berlin", "CY": "Asia/Nicosia", "MY": "Asia/Kuala_Lumpur",
           "UM": "Pacific/Wake", "PG": "Pacific/Port_Moresby", "MH": "Pacific/Majuro"}
primary = dict(PRIMARY)
for line in open("/usr/share/zoneinfo/zone.tab"):
    if line.startswith("#"):
        continue
    cc, _, zone = line.split("\t")[:3]
    primary.setdefault(cc, zone.strip())
names = Locale("en").territories
zones = get_global("territory_zones")
out = ["# Country (ISO 3166-1 alpha-2) → sales region and default time zone, for accounts that give only",
       "# a country. Regions use postsale's vocabulary (the sample's and the geographic model's):",
       "# Americas, EMEA, APAC — Latin America is in Americas (override with [regions], e.g.",
       '# "BR" = "LATAM"). Time zone: the capital\'s or most populous zone (the tz database\'s zone.tab,',
       "# chosen by hand where a country spans several). Generated from CLDR (Babel) names and zone.tab",
       "# by scripts/geography_table.py; bump `version` on change.",
       "", 'version = "2026.12.1"', "", "[countries]"]
for cc in sorted(c for c in names if len(c) == 2 and c.isalpha() and c not in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK") ):
    zone = primary.get(cc) or (zones.get(cc) or [None])[0]
    if zone is None:
        continue
    region = "Americas" if cc in AMERICAS else "APAC" if cc in APAC else "EMEA"
    out.append(f'{cc} = {{ region = "{region}", timezone = "{zone}" }}  # {names[cc]}')
out += ["", "# Names and abbreviations CLDR does not list (matched without case, dots or spaces).", "[aliases]"]
aliases = {"USA": "US", "U.S.": "US", "U.S.A.": "US", "America": "US", "United States of America": "US",
           "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB",
           "Wales": "GB", "Northern Ireland": "GB", "Holland": "NL", "The Netherlands": "NL", "Korea": "KR",
           "Republic of Korea": "KR", "Korea, Republic of": "KR", "Russia": "RU", "Russian Federation": "RU",
           "UAE": "AE", "Czech Republic": "CZ", "Viet Nam": "VN", "Turkey": "TR", "Hong Kong": "HK",
           "Macau": "MO", "Macao": "MO", "Taiwan, Province of China": "TW", "PRC": "CN", "Mainland China": "CN",
           "Ivory Coast": "CI", "Swaziland": "SZ", "Burma": "MM", "Deutschland": "DE", "Brasil": "BR",
           "España": "ES", "México": "MX", "Schweiz": "CH", "Suisse": "CH", "Österreich": "AT", "Italia": "IT",
           "Nederland": "NL", "Sverige": "SE", "Norge": "NO", "Danmark": "DK", "Suomi": "FI", "Polska": "PL",
           "Éire": "IE", "Nippon": "JP", "Bharat": "IN"}
for k, v in aliases.items():
    out.append(f'"{k}" = "{v}"')
open("src/postsale/benchmarks/geography.toml", "w").write("\n".join(out) + "\n")
