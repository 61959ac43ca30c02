-- Every MARAC referral flagged as a repeat when it comes within 12 months of the same victim's previous referral (SafeLives), over the victim's whole history; repeat_known is false in the first 12 months of the extract, where that look-back is cut short by the start of the data.
-- params: none
-- extracts: marac_referrals
-- returns: referral_id VARCHAR, victim_id VARCHAR, lpa VARCHAR, received_date DATE, source VARCHAR, triaged_date DATE, decision_date DATE, decision VARCHAR, heard_date DATE, info_shared_date DATE, is_repeat BOOLEAN, repeat_known BOOLEAN
select
    *,
    coalesce(
        received_date <= lag(received_date) over (partition by victim_id order by received_date, referral_id)
        + interval 12 month,
        false
    ) as is_repeat,
    received_date >= date_trunc('month', min(received_date) over ()) + interval 12 month as repeat_known
from marac_referrals
