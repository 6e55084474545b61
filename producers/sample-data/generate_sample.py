#!/usr/bin/env python3
"""Writes the sample dataset: shipments.jsonl and licenses.jsonl (JSON Lines, the event contract's field
names), 2024-07-01 to 2025-08-31. Deterministic (fixed seed): run it again and you get the same files.

    python3 generate_sample.py

The storylines follow 2024-25 public reporting (see README.md next to this script): China's antimony exports
to the US stop after the 3 Dec 2024 ban while China -> Thailand/Mexico and Thailand/Mexico -> US surge;
germanium exports collapse; rare-earth magnets to the US dip to near zero in May 2025 and jump in June
under temporary licences. A few defects are planted at fixed places to show the DLQ and ingest rejections.
"""
import datetime as dt
import json
import random

SEED = 20250603
START = dt.date(2024, 7, 1)
END = dt.date(2025, 8, 31)
BAN = dt.date(2024, 12, 3)

rnd = random.Random(SEED)

# commodity -> (HS codes as declared, tonnes per shipment range, USD per kg range)
COMMODITIES = {
    "antimony": (["8110.10.00", "81102000", "2825.80.00", "28258000", "2617.10"], (8, 25), (11, 38)),
    "germanium": (["8112.92.30", "81129230", "2825.60.10"], (0.02, 0.4), (1300, 2900)),
    "gallium": (["8112.92.10", "81129210"], (0.05, 0.6), (280, 700)),
    "rare-earth-magnets": (["8505.11.00", "85051110"], (0.3, 5), (45, 90)),
    "rare-earth-compounds": (["2846.90", "28461000", "2846.90.19"], (2, 20), (8, 60)),
    "graphite": (["2504.10", "25049000", "3801.10"], (20, 100), (0.6, 1.5)),
    "tungsten": (["8101.94", "26110000"], (3, 18), (30, 45)),
    "cobalt": (["8105.20", "28220000"], (5, 22), (24, 34)),
    "lithium": (["2836.91", "28252000"], (10, 25), (9, 16)),
}

EXPORTERS = {
    "CN": [("CN-EXP-0001", "Hunan Chenzhou Mining Co., Ltd."), ("CN-EXP-0002", "Guangxi Huaxi Antimony Industry Co Ltd"),
           ("CN-EXP-0003", "Ningbo Yunsheng Magnet Co., Ltd."), ("CN-EXP-0004", "Yunnan Germanium Co Ltd"),
           ("CN-EXP-0005", "Zhuzhou Smelter Metals Import & Export"), ("CN-EXP-0006", "BTR Graphite (Shenzhen) Co., Ltd.")],
    "TH": [("TH-EXP-0001", "SIAM ANTIMONY TRADING CO LTD"), ("TH-EXP-0002", "Thai Metal Oxides Public Co., Ltd.")],
    "MX": [("MX-EXP-0001", "Minera y Oxidos del Norte S.A. de C.V.")],
    "AU": [("AU-EXP-0001", "Lynas Rare Earths Ltd"), ("AU-EXP-0002", "Pilbara Minerals Ltd")],
    "JP": [("JP-EXP-0001", "Shin-Etsu Magnetics K.K.")],
    "VN": [("VN-EXP-0001", "Masan High-Tech Materials JSC")],
    "CD": [("CD-EXP-0001", "Katanga Cobalt SARL")],
    "CL": [("CL-EXP-0001", "SQM Salar S.A.")],
    "BR": [("BR-EXP-0001", "Nacional de Grafite Ltda")],
    "MY": [("MY-EXP-0001", "Lynas Malaysia Sdn Bhd")],
    "TJ": [("TJ-EXP-0001", "Anzob Mining Combine")],
}
CONSIGNEES = {
    "US": [("US-IMP-0001", "United States Antimony Corp"), ("US-IMP-0002", "Detroit Motor Components LLC"),
           ("US-IMP-0003", "Umicore Optical Materials USA Inc"), ("US-IMP-0004", "Global Tungsten & Powders Corp")],
    "TH": [("TH-IMP-0001", "Siam Antimony Trading Co., Ltd.")],
    "MX": [("MX-IMP-0001", "Minera y Oxidos del Norte SA de CV")],
    "DE": [("DE-IMP-0001", "PPM Pure Metals GmbH"), ("DE-IMP-0002", "Vacuumschmelze GmbH & Co. KG")],
    "JP": [("JP-IMP-0001", "Sumitomo Metal Mining Co., Ltd."), ("JP-IMP-0002", "Shin-Etsu Chemical Co., Ltd.")],
    "BE": [("BE-IMP-0001", "Umicore SA")],
    "KR": [("KR-IMP-0001", "POSCO Future M Co., Ltd.")],
    "NL": [("NL-IMP-0001", "Rotterdam Metals Trading B.V.")],
    "CN": [("CN-IMP-0001", "Zhejiang Huayou Cobalt Co Ltd"), ("CN-IMP-0002", "Tianqi Lithium Corp")],
    "IN": [("IN-IMP-0001", "Hindustan Metals Ltd")],
}


def monthly(before, after, switch):
    return lambda d: before if d < switch else after


def steady(rate):
    return lambda d: rate


def germanium_decline(base):
    # ~95% fall from January to June 2025, then flat at the bottom
    def rate(d):
        if d < dt.date(2025, 1, 1):
            return base
        months = min(5, (d.year - 2025) * 12 + d.month - 1)
        return base * (1 - 0.19 * months)
    return rate


def magnets_to_us(d):
    if dt.date(2025, 4, 4) <= d < dt.date(2025, 6, 1):
        return 0.15 if d.month == 4 else 0.03   # licensing pause: near zero in May
    if d.year == 2025 and d.month == 6:
        return 4.5                               # temporary licences: June surge over a near-zero May
    return 1.6


# (origin, export, import, commodity, expected shipments per weekday, declared origin share override)
ROUTES = [
    ("CN", "CN", "US", "antimony", monthly(0.55, 0.0, BAN)),
    ("CN", "CN", "TH", "antimony", monthly(0.15, 0.75, BAN)),
    ("CN", "CN", "MX", "antimony", monthly(0.08, 0.6, BAN)),
    ("TH", "TH", "US", "antimony", monthly(0.08, 0.6, dt.date(2025, 1, 1))),
    ("MX", "MX", "US", "antimony", monthly(0.06, 0.5, dt.date(2025, 1, 1))),
    ("CN", "TH", "US", "antimony", monthly(0.0, 0.08, dt.date(2025, 1, 15))),  # re-exports declaring Chinese origin
    ("CN", "CN", "BE", "antimony", steady(0.25)),
    ("TJ", "TJ", "CN", "antimony", steady(0.2)),
    ("CN", "CN", "US", "germanium", monthly(0.3, 0.0, BAN)),
    ("CN", "CN", "DE", "germanium", germanium_decline(0.45)),
    ("CN", "CN", "JP", "germanium", germanium_decline(0.4)),
    ("CN", "CN", "BE", "germanium", germanium_decline(0.25)),
    ("CN", "CN", "JP", "gallium", steady(0.3)),
    ("CN", "CN", "DE", "gallium", steady(0.2)),
    ("CN", "CN", "US", "rare-earth-magnets", magnets_to_us),
    ("CN", "CN", "DE", "rare-earth-magnets", steady(0.9)),
    ("JP", "JP", "US", "rare-earth-magnets", steady(0.3)),
    ("AU", "AU", "JP", "rare-earth-compounds", steady(0.4)),
    ("AU", "MY", "JP", "rare-earth-compounds", steady(0.25)),
    ("CN", "CN", "KR", "graphite", steady(0.6)),
    ("BR", "BR", "US", "graphite", steady(0.15)),
    ("CN", "CN", "NL", "tungsten", steady(0.25)),
    ("VN", "VN", "US", "tungsten", steady(0.2)),
    ("CD", "CD", "CN", "cobalt", steady(0.5)),
    ("CL", "CL", "CN", "lithium", steady(0.45)),
    ("AU", "AU", "CN", "lithium", steady(0.4)),
]

LICENSED_FROM = {"antimony": dt.date(2024, 9, 15), "germanium": dt.date(2023, 8, 1), "gallium": dt.date(2023, 8, 1),
                 "graphite": dt.date(2023, 12, 1), "rare-earth-magnets": dt.date(2025, 4, 4),
                 "rare-earth-compounds": dt.date(2025, 4, 4), "tungsten": dt.date(2025, 2, 4)}


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def pick_exporter(country, commodity):
    choices = EXPORTERS.get(country, [(f"{country}-EXP-0001", f"{country} Minerals Export Co")])
    if country == "CN":
        preferred = {"antimony": [0, 1, 4], "germanium": [3, 4], "gallium": [3, 4], "rare-earth-magnets": [2],
                     "graphite": [5], "tungsten": [4], "rare-earth-compounds": [4]}.get(commodity, [4])
        return choices[rnd.choice(preferred)]
    if country == "TH" and commodity == "antimony":
        return choices[0] if rnd.random() < 0.7 else choices[1]
    return rnd.choice(choices)


def pick_consignee(country, commodity):
    choices = CONSIGNEES.get(country, [(f"{country}-IMP-0001", f"{country} Industrial Buyer Ltd")])
    if country == "US":
        index = {"antimony": 0, "rare-earth-magnets": 1, "germanium": 2, "gallium": 2, "tungsten": 3}.get(commodity, 0)
        return choices[index]
    return rnd.choice(choices)


def spelling_variant(name):
    r = rnd.random()
    if r < 0.15:
        return name.upper().replace(",", "").replace(".", "")
    if r < 0.25:
        return name.replace("Co., Ltd.", "Company Limited").replace("Co Ltd", "Co., Ltd")
    return name


# ---------------------------------------------------------------- licences
licenses = []
license_of = {}  # (exporterId, commodity) -> licenseId


def licence(lid, revision, when, status, ltype, exporter, hs, dests, end_users, limit, valid_from, valid_to):
    licenses.append({
        "licenseId": lid, "revision": revision, "eventTime": iso(when), "status": status, "licenseType": ltype,
        "issuingCountry": "CN", "exporterId": exporter, "hsCodes": hs, "permittedDestinations": dests,
        "permittedEndUsers": end_users, "quantityLimitKg": limit, "validFrom": iso(valid_from), "validTo": iso(valid_to)})


def t(y, m, d, h=0):
    return dt.datetime(y, m, d, h, tzinfo=dt.timezone.utc)


n = 0
for exporter, commodity, hs, dests in [
    ("CN-EXP-0001", "antimony", ["8110", "282580", "261710"], ["TH", "MX", "BE", "US", "JP"]),
    ("CN-EXP-0002", "antimony", ["8110", "282580", "261710"], ["TH", "MX", "BE", "US"]),
    ("CN-EXP-0005", "antimony", ["8110", "282580", "261710"], ["TH", "MX", "BE", "US"]),
    ("CN-EXP-0004", "germanium", ["81129230", "282560"], ["DE", "JP", "BE", "US"]),
    ("CN-EXP-0005", "germanium", ["81129230", "282560"], ["DE", "JP", "BE", "US"]),
    ("CN-EXP-0004", "gallium", ["81129210"], ["JP", "DE"]),
    ("CN-EXP-0005", "gallium", ["81129210"], ["JP", "DE"]),
    ("CN-EXP-0006", "graphite", ["2504", "380110"], ["KR"]),
    ("CN-EXP-0005", "tungsten", ["8101", "2611"], ["NL"]),
    ("CN-EXP-0003", "rare-earth-magnets", ["850511"], ["DE"]),
]:
    n += 1
    lid = f"CN-{commodity[:3].upper()}-{2024 if commodity != 'rare-earth-magnets' else 2025}-{n:04d}"
    granted = max(LICENSED_FROM[commodity], dt.date(2024, 6, 1))
    licence(lid, 1, t(granted.year, granted.month, granted.day), "GRANTED", "GENERAL", exporter, hs, dests, [], None,
            t(granted.year, granted.month, granted.day), t(2026, 12, 31))
    license_of[(exporter, commodity)] = lid
    if commodity == "antimony" or commodity == "germanium":
        # after the ban the US is struck from every antimony/germanium licence
        licence(lid, 2, t(2024, 12, 3), "AMENDED", "GENERAL", exporter, hs, [d for d in dests if d != "US"], [], None,
                t(granted.year, granted.month, granted.day), t(2026, 12, 31))
# one licence revoked and one suspended, for the compliance storyline
licence("CN-ANT-2024-0099", 1, t(2024, 10, 1), "GRANTED", "SPECIFIC", "CN-EXP-0002", ["282580"], ["MX"], [], 120000.0,
        t(2024, 10, 1), t(2025, 10, 1))
licence("CN-ANT-2024-0099", 2, t(2025, 3, 14), "REVOKED", "SPECIFIC", "CN-EXP-0002", ["282580"], ["MX"], [], 120000.0,
        t(2024, 10, 1), t(2025, 10, 1))
licence("CN-GER-2024-0098", 1, t(2024, 11, 1), "GRANTED", "SPECIFIC", "CN-EXP-0004", ["81129230"], ["JP"], [], 900.0,
        t(2024, 11, 1), t(2025, 11, 1))
licence("CN-GER-2024-0098", 2, t(2025, 2, 20), "SUSPENDED", "SPECIFIC", "CN-EXP-0004", ["81129230"], ["JP"], [], 900.0,
        t(2024, 11, 1), t(2025, 11, 1))
# temporary magnet licences for US automakers, military end use excluded (June 2025)
for k, (user, limit) in enumerate([("Detroit Motor Components LLC", 60000.0), ("Ohio Drivetrain Inc", 25000.0),
                                   ("Michigan EV Systems Corp", 30000.0)], start=1):
    lid = f"CN-MAG-2025-T{k:03d}"
    licence(lid, 1, t(2025, 6, 2 + k), "GRANTED", "TEMPORARY", "CN-EXP-0003", ["850511"], ["US"], [user], limit,
            t(2025, 6, 2 + k), t(2025, 12, 2 + k))
    license_of[("CN-EXP-0003", "rare-earth-magnets", k)] = lid
licence("CN-MAG-2025-T001", 2, t(2025, 12, 3), "EXPIRED", "TEMPORARY", "CN-EXP-0003", ["850511"], ["US"],
        ["Detroit Motor Components LLC"], 60000.0, t(2025, 6, 3), t(2025, 12, 3))
licenses = [l for l in licenses if l["eventTime"] <= iso(t(2025, 8, 31, 23))]  # inside the sample period
licenses.sort(key=lambda l: (l["eventTime"], l["licenseId"], l["revision"]))

# ---------------------------------------------------------------- shipments
shipments = []
day = START
while day <= END:
    weekday_factor = 1.0 if day.weekday() < 5 else 0.25
    season = 0.45 if (day.month == 2 and day.day < 15) else 1.0  # Chinese New Year
    for origin, export, importer, commodity, rate in ROUTES:
        expected = rate(day) * weekday_factor * (season if export == "CN" else 1.0)
        count = int(expected) + (1 if rnd.random() < expected - int(expected) else 0)
        for _ in range(count):
            codes, tonnes, usd_per_kg = COMMODITIES[commodity]
            kg = round(rnd.uniform(*tonnes) * 1000, 1)
            when = dt.datetime(day.year, day.month, day.day, rnd.randint(6, 20), rnd.choice([0, 15, 30, 45]),
                               tzinfo=dt.timezone.utc)
            hs = rnd.choice(codes)
            exporter_id, exporter_name = pick_exporter(export, commodity)
            consignee_id, consignee_name = pick_consignee(importer, commodity)
            end_user = None
            licence_id = None
            if export == "CN" and commodity in LICENSED_FROM and day >= LICENSED_FROM[commodity]:
                if ((exporter_id, importer, commodity) == ("CN-EXP-0002", "MX", "antimony") and day >= dt.date(2024, 10, 1)
                        and hs.replace(".", "").startswith("282580")):
                    licence_id = "CN-ANT-2024-0099"  # its specific licence, revoked on 14 Mar 2025
                elif commodity == "rare-earth-magnets" and importer == "US":
                    k = rnd.randint(1, 3)
                    licence_id = license_of.get(("CN-EXP-0003", commodity, k)) if day >= dt.date(2025, 6, 3) else None
                    end_user = ["Detroit Motor Components LLC", "Ohio Drivetrain Inc", "Michigan EV Systems Corp"][k - 1]
                else:
                    licence_id = license_of.get((exporter_id, commodity))
            shipment = {
                "shipmentId": None, "eventTime": iso(when), "reporter": export, "flow": "EXPORT",
                "hsCode": hs, "originCountry": origin, "exportCountry": export, "importCountry": importer,
                "transitCountries": ["SG"] if (export, importer) == ("CN", "MX") and rnd.random() < 0.3 else [],
                "exporterId": exporter_id, "exporterName": spelling_variant(exporter_name),
                "consigneeId": consignee_id, "consigneeName": spelling_variant(consignee_name),
                "endUse": "CIVILIAN" if commodity not in ("germanium", "gallium") else rnd.choice(["CIVILIAN", "DUAL_USE"]),
                "netWeightKg": kg, "valueUsd": round(kg * rnd.uniform(*usd_per_kg), 2),
                "transportMode": "SEA" if kg > 2000 else "AIR",
            }
            if end_user:
                shipment["endUserName"] = end_user
            if licence_id:
                shipment["licenseId"] = licence_id
            if importer == "US" and rnd.random() < 0.2:  # some legs reported by US customs on import
                shipment["flow"], shipment["reporter"] = "IMPORT", "US"
            shipments.append(shipment)
    day += dt.timedelta(days=1)

# compliance storylines: an unlicensed exporter, and one magnet shipment declared for military end use
for when in ["2025-02-12T09:30:00Z", "2025-05-06T14:00:00Z"]:
    shipments.append({"shipmentId": None, "eventTime": when, "reporter": "CN", "flow": "EXPORT", "hsCode": "28258000",
                      "originCountry": "CN", "exportCountry": "CN", "importCountry": "VN", "transitCountries": [],
                      "exporterId": "CN-EXP-0042", "exporterName": "Guangdong Nonferrous Trading Co., Ltd.",
                      "consigneeId": "VN-IMP-0007", "consigneeName": "Hai Phong Metals JSC", "endUse": "UNKNOWN",
                      "netWeightKg": 16500.0, "valueUsd": 395000.0, "transportMode": "SEA"})
military = next(s for s in sorted(shipments, key=lambda s: s["eventTime"])
                if s.get("licenseId", "").startswith("CN-MAG-2025-T") and s["eventTime"] >= "2025-06-10")
military["endUse"] = "MILITARY"

shipments.sort(key=lambda s: s["eventTime"])
for i, s in enumerate(shipments, start=1):
    s["shipmentId"] = f"SHP-{s['eventTime'][:4]}-{i:06d}"

# about 2% arrive a few hours to a day after their neighbours (declarations filed late)
for i in range(len(shipments) - 3, 0, -1):
    if rnd.random() < 0.02:
        shipments[i], shipments[i + 1] = shipments[i + 1], shipments[i]

lines = [json.dumps(s, ensure_ascii=False) for s in shipments]

# planted defects, inserted from the end so the positions below are final line numbers
defects = []


def plant(position, line, what):
    lines.insert(position - 1, line)
    defects.append((position, what))


def variant(index, **changes):
    s = dict(shipments[index])
    s.update(changes)
    return json.dumps(s, ensure_ascii=False)


plan = [
    (3150, lambda: variant(3130), "re-sent copy of the declaration 20 lines earlier (duplicate: counted once)"),
    (2600, lambda: variant(2590), "re-sent copy of the declaration 10 lines earlier (duplicate: counted once)"),
    (1700, lambda: variant(1690), "re-sent copy of the declaration 10 lines earlier (duplicate: counted once)"),
    (900, lambda: variant(800), "re-sent copy of the declaration 100 lines (about two weeks) earlier: past the grace, dropped as late"),
    (1200, lambda: variant(1100, shipmentId="SHP-BAD-0001", importCountry="XX"), "importCountry XX is not a country: DLQ UNKNOWN_COUNTRY"),
    (2200, lambda: variant(2100, shipmentId="SHP-BAD-0002", originCountry="ZZ"), "originCountry ZZ is not a country: DLQ UNKNOWN_COUNTRY"),
    (1500, lambda: variant(1400, shipmentId="SHP-BAD-0003", hsCode="7208.51"), "HS 720851 (steel plate) is not in the catalogue: DLQ HS_CODE_NOT_IN_CATALOGUE"),
    (3000, lambda: variant(2900, shipmentId="SHP-BAD-0004", hsCode="2601.11"), "HS 260111 (iron ore) is not in the catalogue: DLQ HS_CODE_NOT_IN_CATALOGUE"),
    (500, lambda: variant(450, shipmentId="SHP-BAD-0005", netWeightKg=-5), "netWeightKg -5: rejected by ingest"),
    (2800, lambda: json.dumps({k: v for k, v in shipments[2700].items() if k != "hsCode"} | {"shipmentId": "SHP-BAD-0006"}),
     "no hsCode: rejected by ingest"),
]
for position, make, what in sorted(plan, key=lambda p: p[0]):
    plant(position, make(), what)

with open("shipments.jsonl", "w") as f:
    f.write("\n".join(lines) + "\n")
with open("licenses.jsonl", "w") as f:
    f.write("\n".join(json.dumps(l) for l in licenses) + "\n")

by_commodity = {}
for s in shipments:
    c = next(c for c, (codes, _, _) in COMMODITIES.items() if s["hsCode"] in codes)
    by_commodity[c] = by_commodity.get(c, 0) + 1
print(f"shipments.jsonl: {len(lines)} lines ({len(shipments)} distinct valid shipments + {len(defects)} planted defects)")
print(f"licenses.jsonl: {len(licenses)} licence revisions")
print("by commodity: " + ", ".join(f"{c} {n}" for c, n in sorted(by_commodity.items())))
for position, what in sorted(defects):
    print(f"  line {position}: {what}")
