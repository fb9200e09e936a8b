"""Sessions between the office's spreadsheets and the schedule files.

One job per module:

- ``read.py``     reads a sheet (.xlsx with openpyxl, .csv with the standard library): each cell as the
                  spreadsheet stored it (text, number or date), nothing interpreted;
- ``columns.py``  the column headers in Indonesian and English, and the field of a session each one fills;
- ``cells.py``    a cell turned into the value YAML would give for the same fact, so that the schedule
                  loader's own rules (``schedules.session_record``) judge it;
- ``rows.py``     every row merged with the session it updates, checked, and its problems placed by sheet,
                  row and column; what the import would add and change;
- ``yamledit.py`` schedule files edited round-trip (ruamel.yaml): comments, order and layout kept;
- ``importer.py`` the ``import sessions`` command: read, check, prove that the site still builds, write;
- ``export.py``   ``export sessions``: the registration desk's rows from the site model, and CSV;
- ``workbook.py`` the .xlsx workbooks (openpyxl): the desk's sheet and the template to fill in.
"""
