"""Calls and response: are 999 and 101 calls answered, and emergencies attended, faster now than before?"""

from briefing.app import area_page
from briefing.areas.declarations import CALLS_AND_RESPONSE

area_page.render(CALLS_AND_RESPONSE)
