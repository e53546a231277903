"""A small dataset, written out by hand, for the report tests: two objectives, three KPIs
(one named like a spreadsheet formula, one with a long name and an emoji), targets,
England comparators, and one action overdue."""

from __future__ import annotations

from send_core.dataset import build_dataset
from send_core.plan import load_plan
from send_core.reading import read_scorecard

FORMULA_NAME = '=HYPERLINK("http://x","y")'
LONG_NAME = "Children and young people whose plan was reviewed on time 🙂 " + "with every adviser present " * 5
SCORECARD = (
    "kpi_id,kpi_name,section,measure,comparator,period,value,unit,locality,phase\n"
    "K1,% of plans issued within 20 weeks,Timeliness,actual,,2024-01,50%,percent,All,All\n"
    "K1,% of plans issued within 20 weeks,Timeliness,actual,,2024-02,55%,percent,All,All\n"
    "K1,% of plans issued within 20 weeks,Timeliness,actual,,2024-03,58%,percent,All,All\n"
    "K1,% of plans issued within 20 weeks,Timeliness,comparator,England,2024-03,50.3%,percent,All,All\n"
    "K2,Number of complaints,Timeliness,actual,,2024-01,120,count,All,All\n"
    "K2,Number of complaints,Timeliness,actual,,2024-02,110,count,All,All\n"
    "K2,Number of complaints,Timeliness,actual,,2024-03,115,count,All,All\n"
    "K2,Number of complaints,Timeliness,target,,2024-01,100,count,All,All\n"
    f'K3,"{FORMULA_NAME.replace(chr(34), chr(34) * 2)}",Other,actual,,2024-02,4,count,All,All\n'
    f'K3,"{FORMULA_NAME.replace(chr(34), chr(34) * 2)}",Other,actual,,2024-03,5,count,All,All\n'
    f"K4,{LONG_NAME.strip()},Other,actual,,2024-03,81%,percent,All,All\n"
)
PLAN = """version: 1
programme: {name: Small plan, local_authority: Anytown, as_at: 2024-03-31}
objectives:
  - {id: O1, title: Timeliness}
  - {id: O2, title: "=cmd|' /C calc'!A0"}
actions:
  - id: A1
    objective: O1
    title: Recruit two more caseworkers
    owner: Head of SEND
    milestones:
      - {title: Posts advertised, due: 2024-02-01, status: not started}
  - id: A2
    objective: O2
    title: Publish the Local Offer
    owner: SEND commissioner
    milestones:
      - {title: Published, due: 2024-01-15, status: complete}
kpis:
  - id: K1
    objective: O1
    name: "% of plans issued within 20 weeks"
    unit: percent
    good_direction: up
    milestones:
      - {date: Mar 2024, target: "60%"}
  - id: K2
    objective: O1
    name: Number of complaints
    unit: count
    good_direction: down
"""


def small_dataset(**options: object):
    """The small dataset (scorecard plus plan), built as the app builds uploads."""
    read = read_scorecard(SCORECARD.encode("utf-8"), filename="small.csv")
    return build_dataset([read], load_plan(PLAN), **options)
