"""Sex offender management: are registered sex offenders' risk assessments, visits and reviews done by their own
due dates, and is the caseload per offender manager manageable?"""

from briefing.app import area_page
from briefing.areas.declarations import SEX_OFFENDERS

area_page.render(SEX_OFFENDERS)
