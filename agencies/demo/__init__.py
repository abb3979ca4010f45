"""The demo mall: a Kota Probolinggo-like MPP (22 agencies, ~150 services).

Data lives in `local.py` (perangkat daerah) and `others.py` (vertical
agencies, BUMN, BUMD, private); `common.py` builds the repetitive parts.
"""
