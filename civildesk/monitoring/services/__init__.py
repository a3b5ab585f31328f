"""Every write of the monitoring app goes through these functions, one module per family.

- :mod:`.definitions`: resolutions, pillars, targets, indicators (the DT office);
- :mod:`.periods`: reporting periods (:data:`PERIODS`), who has not reported, reminders;
- :mod:`.reports`: a unit's report, its versions and its review (:data:`REPORTS`);
- :mod:`.results`: the roll-up the dashboard, the exports and the API read;
- :mod:`.ranking`: DTI inputs, scorecards and rankings;
- :mod:`.imports`: a period's values from Excel, all or nothing.
"""
