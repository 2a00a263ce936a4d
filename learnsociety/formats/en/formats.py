# English reads and prints dates as Vietnamese offices write them (dd/mm/yyyy, the
# Vietnamese formats) and keeps its own number separators: 11,000 and 58.33.
from learnsociety.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
