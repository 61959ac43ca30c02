"""MARAC: are high-risk domestic abuse cases referred in proportion, and heard and shared promptly?"""

from briefing.app import area_page
from briefing.areas.declarations import MARAC

area_page.render(MARAC)
