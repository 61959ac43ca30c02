"""MARAC: are high-risk domestic abuse cases referred in proportion, and heard and shared promptly?"""

from briefing import area_page
from briefing.areas import MARAC

area_page.render(MARAC)
