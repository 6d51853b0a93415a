"""Fill msgstr values in a catalogue from a JSON mapping: python scripts/fill_po.py PO_FILE JSON_FILE.

Handy for translators who work in a spreadsheet or a JSON file rather than in the .po file.
"""
import json
import sys

from babel.messages.pofile import read_po, write_po

po_path, json_path = sys.argv[1], sys.argv[2]
with open(po_path, "rb") as handle:
    catalog = read_po(handle)
translations = json.load(open(json_path, encoding="utf-8"))
for message in catalog:
    if message.id in translations:
        message.string = translations[message.id]
        message.flags.discard("fuzzy")
with open(po_path, "wb") as handle:
    write_po(handle, catalog, width=76, omit_header=False, sort_output=True, no_location=True)
