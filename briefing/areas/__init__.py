"""What each page shows, without Streamlit: the concern areas' declarations, an area worked out for a
view (`area_data`), the common views kept and built at refresh, the page list, and the real-data parts
(crime and peers, crime outcomes, recorded crime, the force's claims)."""
