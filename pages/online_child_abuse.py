"""Online child abuse: are suspects dealt with in time for the risk they pose, and are children's services told
promptly?"""

import streamlit as st

from briefing.app import area_page
from briefing.areas.area_data import AreaData
from briefing.areas.declarations import ONLINE_CHILD_ABUSE


def force_settings(data: AreaData) -> None:
    """The enforcement guide and the disclosure target and deadline this force set in force.toml."""
    settings = data.view.force.protection
    guide = "; ".join(
        f"{grade}: {days} day{'' if days == 1 else 's'}" for grade, days in settings.enforcement_guide_days
    )
    st.caption(
        f"Guide from referral to enforcement: {guide}. Disclosures on time: within "
        f"{settings.disclosure_target_days} days of the referral. Disclosure deadline: "
        f"{settings.disclosure_deadline:%d %B %Y}."
    )


area_page.render(ONLINE_CHILD_ABUSE, after_tiles=force_settings)
