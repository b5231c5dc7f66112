"""The facts of NSWP's case study on Amnesty International's 2015 resolution, as data.

Source: "Measuring the Impacts of Amnesty International's Resolution on Protecting the Human
Rights of Sex Workers Including Full Decriminalisation of Sex Work: a Global Perspective"
(NSWP case study, published November 2015; shared/seed/000_1aa67392213ac357.txt). Passages
are named by the text's own headings ("Timeline item 9a", "Example from Poland", ...).

Only what the text states is loaded. Where it is silent a field keeps its unknown or blank
value and the record's source note says so; the few values that come from outside the text
(NSWP's region for a country) and every reading of it (a date standing for a period, a
mapping of strategies to goals) are marked as such in the note. What the text says without
saying enough to make a record of (ASWA, which it names only by its acronym and never as a
member) stays in the description of the timeline item that mentions it.

`load_case_study()` inserts what is missing and never overwrites what a person changed:
every record is found by a natural key, and `campaigns.models.LoadedFact` keeps a fingerprint
of the values the last load wrote to it. A row whose values still match that fingerprint is
brought up to date with the text; a row edited since is left as it is (and counted as kept),
unless `refresh=True` re-applies the text's values. A row that predates the fingerprints is
left as it is too, and a member or section merged into another (campaigns.merge_services) is
not made again: its facts are looked for on the record it was merged into. A second run
creates nothing, changes nothing and writes no history rows.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django_countries.fields import Country, MultipleCountriesDescriptor

from campaigns.merge_services import merged_successor
from campaigns.models import (
    Campaign,
    CheckIn,
    Contact,
    Endorsement,
    Event,
    Goal,
    LoadedFact,
    Milestone,
    Petition,
    Resource,
    SectionPosition,
    SectionRequest,
    Strategy,
    SupporterCount,
)
from core.progress import SILENT, Progress
from core.regions import Region
from members.models import MemberOrganisation, Person
from sections.models import Section

D = datetime.date

# The study's own date: 'published in November 2015' (footnote 1); the day is not given, so
# "to present" is read as up to the last day of that month.
STUDY_DATE = D(2015, 11, 30)

_AMNESTY_POLICY = (
    "https://www.amnesty.org/en/policy-on-state-obligations-to-respect-protect-and-fulfil-the-"
    "human-rights-of-sex-workers/"
)
_AMNESTY_ACTION = "https://amnestyaction.wordpress.com"
_PLEDGEDECRIM = (
    "http://prostitutescollective.net/2015/10/23/"
    "today-join-the-twitter-campaign-in-support-of-amnesty-international/"
)
_RED_UMBRELLA = "http://www.redumbrellafund.org/report/"
_NSWP = "http://www.nswp.org"
_HIVGAPS = "http://www.hivgaps.org"

CAMPAIGN: dict[str, Any] = {
    "name": "Amnesty International policy process 2014–2016",
    "description": (
        "NSWP's engagement with Amnesty International's two-year internal consultation and "
        "with the resolution the International Council voted on 11 August 2015, which "
        "authorised the International Board to develop and adopt a policy that protects the "
        "human rights of sex workers, including through calling for the full "
        "decriminalisation of all aspects of consensual sex work between adults."
    ),
    "starts_on": D(2014, 1, 24),
    "ends_on": None,
    "nswp_members": 240,
    "nswp_countries": 72,
    "amnesty_countries": 70,
    "network_note": (
        "NSWP: '240 members in 72 different countries', calculated in October 2015 (NSWP "
        "section and footnote 2). Amnesty International: 'offices in close to 70 countries' "
        "(Amnesty International section); 70 is stored for 'close to 70'."
    ),
    "source_links": "\n".join((_RED_UMBRELLA, _NSWP, _HIVGAPS)),
    "source_note": (
        "Introduction and Timeline for NSWP Engagement. Starts on the date of timeline item 1 "
        "(24 January 2014, the leak to the Daily Mail Online); '2014–2016' spans timeline "
        "items 1 to 15. No end date: item 15, the International Board meeting, is 'Early 2016 "
        "(date to be determined by Amnesty International)'. Links: the Red Umbrella Fund "
        "report printed with the Reflections (on the underfunding of sex worker rights "
        "organisations), NSWP's site, and Bridging the Gaps' site from the back cover "
        "('Project supported by')."
    ),
}

GOALS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": (
            "Support Amnesty International in their development of a rights-based approach to "
            "sex work and ensure sex workers voices are meaningfully included."
        ),
        "why": (
            "Sex workers are the experts on policies and regulatory frameworks that uphold "
            "their human rights. A policy developed without the input of sex workers would be "
            "disastrous."
        ),
        "source_note": "Goals, Goal #1 and its 'Why?'.",
    },
    {
        "number": 2,
        "title": (
            "Monitor and reflect on the impacts at the national level of the International "
            "Council Meeting resolution for the International Board to develop and adopt a "
            "policy that supports the protection of sex workers' human rights and the full "
            "decriminalisation of consensual sex work."
        ),
        "why": (
            "Policies such as this have a trickle-down effect on both Amnesty International "
            "sections and grassroots organising by NSWP members."
        ),
        "source_note": "Goals, Goal #2 and its 'Why?'.",
    },
    {
        "number": 3,
        "title": "Support NSWP members in their work with Amnesty International.",
        "why": "",
        "source_note": "Goals, Goal #3. The text gives no 'Why?' for this goal: left blank.",
    },
]

_MAPPING = "Goals served: mapping inferred from the goals' wording; the text does not map them."

STRATEGIES: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Encouraged sex workers to participate in the Amnesty International consultation.",
        "description": (
            "NSWP shared the Amnesty International questionnaire on the members-only listservs "
            "and on the NSWP closed Facebook group."
        ),
        "goals": [1],
        "status": Strategy.Status.DONE,
        "due_on": None,
        "source_note": (
            "Strategies to Achieve Goals, Strategy #1. Status done: described in the past "
            "tense, and the consultation closed on 1 May 2014 (timeline item 5). No due date in "
            f"the text. {_MAPPING}"
        ),
    },
    {
        "number": 2,
        "title": (
            "Connected Amnesty International with sex workers and sex workers' rights "
            "activists that would be willing to speak to the International Board about sex "
            "workers rights."
        ),
        "description": "",
        "goals": [1],
        "status": Strategy.Status.DONE,
        "due_on": None,
        "source_note": (
            "Strategies to Achieve Goals, Strategy #2. Status done: described in the past "
            f"tense. No due date in the text. {_MAPPING}"
        ),
    },
    {
        "number": 3,
        "title": (
            "Encouraged sex workers and sex workers' rights activists to speak to the media in "
            "support of Amnesty International."
        ),
        "description": "",
        "goals": [1],
        "status": Strategy.Status.DONE,
        "due_on": None,
        "source_note": (
            "Strategies to Achieve Goals, Strategy #3. Status done: described in the past "
            f"tense. No due date in the text. {_MAPPING}"
        ),
    },
    {
        "number": 4,
        "title": (
            "Created a petition urging Amnesty International members to vote in favour of "
            "decriminalisation at the August 11, 2015 International Council Meeting."
        ),
        "description": "",
        "goals": [1],
        "status": Strategy.Status.DONE,
        "due_on": None,
        "source_note": (
            "Strategies to Achieve Goals, Strategy #4. Status done: described in the past "
            "tense, and the petition was closed on 10 August 2015 (timeline item 9a). No due "
            f"date in the text. {_MAPPING}"
        ),
    },
    {
        "number": 5,
        "title": (
            "Contacted NSWP members to establish which organisations have been contacted by "
            "the Amnesty section in their country."
        ),
        "description": "",
        "goals": [2],
        "status": Strategy.Status.IN_PROGRESS,
        "due_on": None,
        "source_note": (
            "Strategies to Achieve Goals, Strategy #5. Status in progress, a judgement: it is "
            "worded in the past tense, but what it tracks is ongoing at publication (timeline "
            "item 14, '11 August 2015 to present'; Reflections expects sections to call on "
            "members 'in the months to come'). No due date in the text. No check-ins are "
            f"loaded: the text gives no dates for NSWP's questions to members. {_MAPPING}"
        ),
    },
    {
        "number": 6,
        "title": (
            "Create an adaptable advocacy guide for NSWP members on how to approach the "
            "Amnesty section in their country."
        ),
        "description": "",
        "goals": [3],
        "status": Strategy.Status.PLANNED,
        "due_on": D(2015, 12, 31),
        "source_note": (
            "Strategies to Achieve Goals, Strategy #6. Due date: 'estimated completion date: "
            "December 2015', stored as the last day of that month. Status planned: written as "
            "a task still to do, and the text does not say whether work had begun. "
            f"{_MAPPING}"
        ),
    },
]

# Strategy #6's guide is the only resource the text names. It was still to be written at
# publication, so it is recorded without a link or a file.
RESOURCES = [
    {
        "title": (
            "Adaptable advocacy guide for NSWP members on how to approach the Amnesty section "
            "in their country"
        ),
        "strategy": 6,
        "kind": Resource.Kind.GUIDE,
        "language": "",
        "audience": Resource.Audience.EVERYONE,
        "url": "",
        "description": (
            "Create an adaptable advocacy guide for NSWP members on how to approach the Amnesty "
            "section in their country (estimated completion date: December 2015)."
        ),
        "source_note": (
            "Strategies to Achieve Goals, Strategy #6, quoted in the description. Title: the "
            "text's own description of the guide; it gives no title. No link, file, language "
            "or publication date in the text: at publication (November 2015) the guide was "
            "still to be made, so none is recorded. Kind guide: the text calls it a guide. Who "
            "may see it: everyone signed in with a role, a reading of 'for NSWP members', not "
            "stated in the text."
        ),
    },
]

_DAILY_MAIL = (
    "http://www.dailymail.co.uk/news/article-2544983/"
    "JULIE-BINDEL-An-abject-inversion-principles.html"
)
_TASMANIAN_TIMES = (
    "http://www.tasmaniantimes.com.au/index.php/article/"
    "amnesty-international-...-the-sex-trades-new-best-friend"
)
_ANTI_PETITION = (
    "https://www.change.org/p/"
    "amnesty-international-vote-no-to-decriminalizing-pimps-brothel-owners-and-buyers-of-sex"
)
_NSWP_PETITION = (
    "https://www.change.org/p/amnesty-international-secretary-general-amnesty-international-"
    "board-amnesty-international-council-we-call-on-the-amnesty-international-council-to-"
    "stand-firm-and-support-decriminalisation-of-sex-work-and-protect-the-human-rights-of-sex-"
    "workers#petition-letter"
)
_UNAIDS = "http://www.nswp.org/news/unaids-writes-letter-support-amnesty-international"
_LANCET = "http://thelancet.com/journals/lancet/article/PIIS0140-6736(15)61460-X/fulltext"

_LINKS_AFTER_TIMELINE = (
    "The link is the one printed after the timeline for this item's 'available here' (the "
    "five links follow items 7 to 11 in order)."
)

MILESTONES: list[dict[str, Any]] = [
    {
        "number": 1,
        "date": D(2014, 1, 24),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "Amnesty International's intentions leaked to the Daily Mail Online",
        "description": (
            "Amnesty International's intentions to work on this issue were leaked to Julie "
            "Bindel at the Daily Mail Online."
        ),
        "kind": Milestone.Kind.MEDIA,
        "source_links": _DAILY_MAIL,
        "source_note": (
            "Timeline item 1 (24 January 2014). The Daily Mail link, printed after item 5, is "
            "Julie Bindel's article, so it belongs to item 1."
        ),
    },
    {
        "number": 2,
        "date": D(2014, 2, 1),
        "precision": Milestone.Precision.MONTH,
        "end_date": None,
        "date_label": "",
        "title": "Questionnaire on the lived experiences of sex workers circulated",
        "description": (
            "Amnesty International, with the assistance of sex workers' rights organisations, "
            "including NSWP, circulated a questionnaire to solicit information on the lived "
            "experiences of sex workers around the world."
        ),
        "kind": Milestone.Kind.OTHER,
        "source_links": "",
        "source_note": (
            "Timeline item 2 ('February 2014': month only, stored as 1 February 2014 with "
            "month precision). No link in the text."
        ),
    },
    {
        "number": 3,
        "date": D(2014, 4, 1),
        "precision": Milestone.Precision.MONTH,
        "end_date": None,
        "date_label": "",
        "title": "NSWP mobilised allies to support Amnesty",
        "description": (
            "NSWP encouraged allies to support Amnesty either publicly or privately. NSWP "
            "mobilised support from 38 individual signatories from 35 different allied "
            "organisations."
        ),
        "kind": Milestone.Kind.OTHER,
        "source_links": "",
        "source_note": (
            "Timeline item 3 ('April 2014': month only, stored as 1 April 2014 with month "
            "precision). No link in the text."
        ),
    },
    {
        "number": 4,
        "date": D(2014, 4, 1),
        "precision": Milestone.Precision.MONTH,
        "end_date": None,
        "date_label": "",
        "title": "Amnesty sections' Annual General Meetings",
        "description": (
            "Some regional and national Amnesty International sections held their Annual "
            "General Meetings. Many NSWP members, who are also Amnesty International members, "
            "mobilised and attended these meetings, putting pressure on Amnesty to support the "
            "proposal that Amnesty develop and adopt a policy that would support the full "
            "decriminalisation of sex work."
        ),
        "kind": Milestone.Kind.MEETING,
        "source_links": "",
        "source_note": (
            "Timeline item 4 ('April 2014': month only, stored as 1 April 2014 with month "
            "precision). No link in the text."
        ),
    },
    {
        "number": 5,
        "date": D(2014, 5, 1),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "Deadline for responses to Amnesty International's consultation",
        "description": (
            "Amnesty International's deadline for responses to their consultation.\n"
            "a) NSWP encouraged membership to provide input to counter the many responses "
            "anticipated from anti-sex work campaigners and individuals (promoted on the "
            "NSWP's closed Facebook group and through our Listservs).\n"
            "b) NSWP also encouraged sex workers to reach out to individual Amnesty branches "
            "in their country to prepare them for discussion at the ICM. There are many "
            "different ways our members oppose criminalisation, and the NSWP encouraged sex "
            "workers' rights organisations to speak about their own views to Amnesty."
        ),
        "kind": Milestone.Kind.OTHER,
        "source_links": "",
        "source_note": "Timeline items 5, 5a and 5b (1 May 2014). No link in the text.",
    },
    {
        "number": 6,
        "date": D(2014, 6, 1),
        "precision": Milestone.Precision.MONTH,
        "end_date": None,
        "date_label": "",
        "title": "Amnesty International Chairs Assembly and Directors Forum",
        "description": (
            "Amnesty International Chairs Assembly and Directors Forum met to consider how to "
            "work on a policy for the protection of sex workers' rights.\n"
            "a) Pye Jakobsson (Rose Alliance) gave a presentation to Amnesty International "
            "(International Secretariat staff) on the Swedish model and sex workers' rights.\n"
            "b) Daughtie Ogutu (ASWA) gave a presentation on sex workers' rights at a 'Chairs "
            "and Directors' Forum, alongside a 'survivor' and those who oppose "
            "decriminalisation of sex work.\n"
            "c) One of the decisions made at the meeting was that Amnesty would carry out "
            "research and gather evidence during 2014 and 2015 in a number of selected "
            "countries (Norway, Papua New Guinea, Argentina, and Hong Kong were subsequently "
            "chosen) to present to ICM in August 2015."
        ),
        "kind": Milestone.Kind.MEETING,
        "source_links": "",
        "source_note": (
            "Timeline items 6, 6a, 6b and 6c ('June 2014': month only, stored as 1 June 2014 "
            "with month precision). No link in the text. Item 6b is kept here only: the text "
            "names Daughtie Ogutu's organisation by its acronym alone ('ASWA'), gives no "
            "country for it and does not say it is an NSWP member, so no member organisation, "
            "person or contact is recorded for it."
        ),
    },
    {
        "number": 7,
        "date": D(2015, 7, 1),
        "precision": Milestone.Precision.MONTH,
        "end_date": None,
        "date_label": "",
        "title": "Tasmanian Times critique of Amnesty",
        "description": "Tasmanian Times critique of Amnesty.",
        "kind": Milestone.Kind.MEDIA,
        "source_links": _TASMANIAN_TIMES,
        "source_note": (
            "Timeline item 7 ('July 2015': month only, stored as 1 July 2015 with month "
            f"precision). {_LINKS_AFTER_TIMELINE} The link is stored as printed, with '...'."
        ),
    },
    {
        "number": 8,
        "date": D(2015, 7, 23),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "Anti-sex work organisation's petition posted on Change.org",
        "description": (
            "Anti-sex work organisation's petition posted on Change.org.\n"
            "a) The petition had received just over 8,000 supporters by the time of the ICM. "
            "This petition is still active and as of End of October had 10,935 supporters."
        ),
        "kind": Milestone.Kind.PETITION,
        "source_links": _ANTI_PETITION,
        "source_note": f"Timeline items 8 and 8a (23 July 2015). {_LINKS_AFTER_TIMELINE}",
    },
    {
        "number": 9,
        "date": D(2015, 7, 29),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "NSWP petition posted on Change.org",
        "description": (
            "NSWP petition posted on Change.org.\n"
            "a) Resulting in 10,072 supporters with hundreds of organisational endorsements, "
            "in less than 2 weeks. The petition was closed on 10 August 2015, so that it could "
            "be sent to the International Council Meeting.\n"
            "b) NSWP asked allies to share the petition. The Global Network of People Living "
            "with HIV, the International Community of Women Living with HIV, the Global Forum "
            "on Men who have Sex With Men, the International Network of People who Use Drugs, "
            "the International Treatment Preparedness Coalition, all promoted the petition in "
            "their networks."
        ),
        "kind": Milestone.Kind.PETITION,
        "source_links": _NSWP_PETITION,
        "source_note": f"Timeline items 9, 9a and 9b (29 July 2015). {_LINKS_AFTER_TIMELINE}",
    },
    {
        "number": 10,
        "date": D(2015, 8, 5),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "UNAIDS letter of support to Amnesty",
        "description": "UNAIDS letter of support to Amnesty.",
        "kind": Milestone.Kind.LETTER,
        "source_links": _UNAIDS,
        "source_note": f"Timeline item 10 (5 August 2015). {_LINKS_AFTER_TIMELINE}",
    },
    {
        "number": 11,
        "date": D(2015, 8, 8),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "The Lancet letter of support to Amnesty",
        "description": "The Lancet letter of support to Amnesty.",
        "kind": Milestone.Kind.LETTER,
        "source_links": _LANCET,
        "source_note": f"Timeline item 11 (8 August 2015). {_LINKS_AFTER_TIMELINE}",
    },
    {
        "number": 12,
        "date": D(2015, 8, 6),
        "precision": Milestone.Precision.DAY,
        "end_date": D(2015, 8, 11),
        "date_label": "",
        "title": "International Council Meeting (ICM)",
        "description": "ICM meeting.",
        "kind": Milestone.Kind.MEETING,
        "source_links": "",
        "source_note": "Timeline item 12 ('6–11 August 2015'). No link in the text.",
    },
    {
        "number": 13,
        "date": D(2015, 8, 11),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "",
        "title": "ICM voted in favour of the resolution",
        "description": (
            "ICM voted in favour of the resolution which authorises the International Board "
            "to develop and adopt a policy which supports the protection of sex workers' "
            "human rights, including the full decriminalisation of all aspects of consensual "
            "sex work. A draft of the policy itself was available with the resolution."
        ),
        "kind": Milestone.Kind.DECISION,
        "source_links": _AMNESTY_POLICY,
        "source_note": (
            "Timeline item 13 (11 August 2015); Introduction. The link is the one printed with "
            "the Introduction, to Amnesty International's policy page."
        ),
    },
    {
        "number": 14,
        "date": D(2015, 8, 11),
        "precision": Milestone.Precision.DAY,
        "end_date": None,
        "date_label": "11 August 2015 to present",
        "title": (
            "National Amnesty sections start to reach out to sex workers' rights organisations"
        ),
        "description": (
            "National Amnesty sections start to reach out to sex workers' rights "
            "organisations and other constituencies to engage around the issues covered by "
            "the resolution, and those organisations also proactively reach out to Amnesty "
            "country sections."
        ),
        "kind": Milestone.Kind.OTHER,
        "source_links": "",
        "source_note": (
            "Timeline item 14 ('11 August 2015 to present'). Ongoing when the case study was "
            "published (November 2015, footnote 1), so no end date. No link in the text."
        ),
    },
    {
        "number": 15,
        "date": D(2016, 1, 1),
        "precision": Milestone.Precision.TBD,
        "end_date": None,
        "date_label": "Early 2016 (date to be determined by Amnesty International)",
        "title": "International Board Meeting to develop and adopt the policy",
        "description": (
            "International Board Meeting to develop and adopt the policy. The Board is obliged "
            "to abide by the resolution passed at the International Council Meeting."
        ),
        "kind": Milestone.Kind.MEETING,
        "source_links": "",
        "source_note": (
            "Timeline item 15 ('Early 2016 (date to be determined by Amnesty "
            "International)'). 1 January 2016 is only the first day 'Early 2016' can mean; "
            "the date is to be determined. No link in the text."
        ),
    },
]

PETITIONS: list[dict[str, Any]] = [
    {
        "url": _ANTI_PETITION,
        "title": "Anti-sex work organisation's petition to Amnesty International",
        "platform": "Change.org",
        "position": Petition.Position.AGAINST,
        "opened_on": D(2015, 7, 23),
        "closed_on": None,
        "source_note": (
            "Timeline items 8 and 8a; the URL is the link printed after the timeline for item "
            "8. The title describes the petition as the text does (the text does not quote "
            "its title and does not name the organisation). Not closed: 'still active' at the "
            "end of October 2015."
        ),
        "supporter_counts": [
            {
                "date": D(2015, 8, 11),
                "count": 8000,
                "count_as_written": "just over 8,000",
                "note": "Just over 8,000 supporters by the time of the ICM.",
                "source_note": (
                    "Timeline item 8a: 'just over 8,000 supporters by the time of the ICM'. "
                    "The exact figure is not given; dated to the vote on 11 August 2015, the "
                    "last day of the ICM (timeline items 12 and 13)."
                ),
            },
            {
                "date": D(2015, 10, 31),
                "count": 10935,
                "count_as_written": "",
                "note": "Still active; 10,935 supporters as of the end of October 2015.",
                "source_note": (
                    "Timeline item 8a: 'as of End of October had 10,935 supporters', dated to "
                    "31 October 2015."
                ),
            },
        ],
    },
    {
        "url": _NSWP_PETITION,
        "title": "NSWP petition to the Amnesty International Council",
        "platform": "Change.org",
        "position": Petition.Position.FOR,
        "opened_on": D(2015, 7, 29),
        "closed_on": D(2015, 8, 10),
        "source_note": (
            "Timeline items 9 and 9a and Strategy #4; the URL is the link printed after the "
            "timeline for item 9. Closed on 10 August 2015 'so that it could be sent to the "
            "International Council Meeting'."
        ),
        "supporter_counts": [
            {
                "date": D(2015, 8, 10),
                "count": 10072,
                "count_as_written": "",
                "note": (
                    "10,072 supporters with hundreds of organisational endorsements, in less "
                    "than 2 weeks; the petition closed on this day."
                ),
                "source_note": (
                    "Timeline item 9a: 'Resulting in 10,072 supporters ... The petition was "
                    "closed on 10 August 2015', so the final count is dated to the closing day."
                ),
            },
        ],
    },
]

_PROMOTED = (
    "Timeline item 9b: promoted NSWP's petition in their networks at NSWP's request. The text "
    "gives no date; the petition was open from 29 July to 10 August 2015 (item 9a)."
)

ENDORSEMENTS: list[dict[str, Any]] = [
    {
        "organisation": "UNAIDS",
        "kind": Endorsement.Kind.LETTER,
        "date": D(2015, 8, 5),
        "note": "UNAIDS letter of support to Amnesty.",
        "source_note": f"Timeline item 10; link: {_UNAIDS}",
    },
    {
        "organisation": "The Lancet",
        "kind": Endorsement.Kind.LETTER,
        "date": D(2015, 8, 8),
        "note": "The Lancet letter of support to Amnesty.",
        "source_note": f"Timeline item 11; link: {_LANCET}",
    },
    *(
        {
            "organisation": name,
            "kind": Endorsement.Kind.PETITION_PROMOTION,
            "date": None,
            "note": "Promoted NSWP's petition in their networks.",
            "source_note": _PROMOTED,
        }
        for name in (
            "Global Network of People Living with HIV",
            "International Community of Women Living with HIV",
            "Global Forum on Men who have Sex With Men",
            "International Network of People who Use Drugs",
            "International Treatment Preparedness Coalition",
        )
    ),
    {
        "organisation": "38 individual signatories from 35 different allied organisations",
        "kind": Endorsement.Kind.SIGNATORIES,
        "date": D(2014, 4, 1),
        "note": (
            "NSWP encouraged allies to support Amnesty either publicly or privately and "
            "mobilised support from 38 individual signatories from 35 different allied "
            "organisations."
        ),
        "source_note": (
            "Timeline item 3 ('April 2014': month only, stored as 1 April 2014). One "
            "endorsement: the text names neither the signatories nor their organisations."
        ),
    },
    {
        "organisation": "English Collective of Prostitutes",
        "kind": Endorsement.Kind.PUBLIC_STATEMENT,
        "date": D(2015, 10, 23),
        "note": (
            "Asked NSWP members to counter the anti-sex work social media campaign through a "
            "#pledgedecrim campaign in support of Amnesty."
        ),
        "source_note": (
            "Anti-sex work campaigns. Recorded as an ally's public support, not as a member: "
            "the text only says the English Collective of Prostitutes asked NSWP members to "
            "join its campaign. Date from the address of the post the text links to "
            f"(2015/10/23), not from the text; link: {_PLEDGEDECRIM}"
        ),
    },
]

_TWELVE = (
    "Country-specific Impacts: one of the twelve sections listed as having contacted NSWP "
    "members 'either formally or informally ... since the International Council Meeting on "
    "11 August 2015'."
)
_NSWP_REGION = "Region: NSWP's region for the country (not stated in the text)."
_BACKLASH = (
    "Impacts on Sex Workers: 'All NSWP members stated the Amnesty International sections in "
    "their region were underprepared for the backlash they would experience in the media, and "
    "did not know how to adequately defend the International Council decision.'"
)
_STANCE_UNKNOWN = "Stance on the resolution not stated: unknown."

# (name, country, region, extra source note)
_TWELVE_SECTIONS = [
    ("AI Norway", "NO", Region.EUROPE, ""),
    ("AI Poland", "PL", Region.EUROPE, "Also named in the Example from Poland."),
    ("AI Germany", "DE", Region.EUROPE, ""),
    (
        "AI USA",
        "US",
        Region.NORTH_AMERICA_CARIBBEAN,
        "Also in Partnerships and the Example from the USA.",
    ),
    ("AI Belgium", "BE", Region.EUROPE, ""),
    ("AI India", "IN", Region.ASIA_PACIFIC, ""),
    ("AI Turkey", "TR", Region.EUROPE, ""),
    ("AI Canada", "CA", Region.NORTH_AMERICA_CARIBBEAN, ""),
    ("AI Sweden", "SE", Region.EUROPE, "Also in the Example from Sweden ('Amnesty Sweden')."),
    ("AI Nigeria", "NG", Region.AFRICA, "Also in the Example from Nigeria ('Amnesty Nigeria')."),
    ("AI Hungary", "HU", Region.EUROPE, ""),
    ("AI Italy", "IT", Region.EUROPE, ""),
]

_SWEDEN_STANCE = (
    "Example from Sweden: when Amnesty Sweden met Rose Alliance after the vote it said it voted "
    "against the policy because it did not represent the interests of its membership. It did "
    "not critique Amnesty International and confirmed it would respect the decision of the "
    "International Council. According to a Rose Alliance spokesperson it would not campaign "
    "against the criminalisation of clients, but would work on some of the other laws in "
    "Sweden that force sex workers to work alone and laws that increase their risk of eviction."
)
_POLAND_PREPAREDNESS = (
    "Example from Poland: 'Amnesty Poland staff were underprepared to discuss "
    "decriminalisation in the community'; street-based volunteers soliciting new members were "
    f"harassed by those they approached. {_BACKLASH}"
)

SECTIONS: list[dict[str, Any]] = [
    *(
        {
            "name": name,
            "country": country,
            "region": region,
            "kind": Section.Kind.SECTION,
            "stance": Section.Stance.VOTED_AGAINST if country == "SE" else Section.Stance.UNKNOWN,
            "stance_note": _SWEDEN_STANCE if country == "SE" else "",
            "backlash_preparedness": (
                Section.Preparedness.UNDERPREPARED
                if country == "PL"
                else Section.Preparedness.UNKNOWN
            ),
            "preparedness_note": _POLAND_PREPAREDNESS if country == "PL" else "",
            "notes": "",
            "source_note": " ".join(
                part
                for part in (
                    _TWELVE,
                    extra,
                    _NSWP_REGION,
                    "" if country == "SE" else _STANCE_UNKNOWN,
                    (
                        "Preparedness: underprepared, from the Example from Poland quoted in "
                        "the note."
                        if country == "PL"
                        else "Preparedness unknown: the text says it of the sections in NSWP "
                        f"members' regions as a whole, not of this one. {_BACKLASH}"
                    ),
                )
                if part
            ),
        }
        for name, country, region, extra in _TWELVE_SECTIONS
    ),
    {
        "name": "AI UK",
        "country": "GB",
        "region": Region.EUROPE,
        "kind": Section.Kind.SECTION,
        "stance": Section.Stance.UNKNOWN,
        "stance_note": "",
        "backlash_preparedness": Section.Preparedness.UNKNOWN,
        "preparedness_note": "",
        "notes": (
            "At its 2014 Annual General Meeting, five or six sex workers spoke; their arguments "
            "helped convince the AGM not to accept the Swedish model, which was proposed."
        ),
        "source_note": (
            "Partnerships ('Amnesty International UK AGM'). "
            f"{_NSWP_REGION} {_STANCE_UNKNOWN} Preparedness not stated: unknown."
        ),
    },
    {
        "name": "AI International Secretariat",
        "country": None,
        "region": Region.EUROPE,
        "kind": Section.Kind.INTERNATIONAL_SECRETARIAT,
        "stance": Section.Stance.UNKNOWN,
        "stance_note": "",
        "backlash_preparedness": Section.Preparedness.UNKNOWN,
        "preparedness_note": "",
        "notes": (
            "Received feedback from Amnesty offices on the draft policy during the "
            "consultation; a relatively small 'No Amnesty For Pimps' protest took place "
            "outside it on 23 October 2015."
        ),
        "source_note": (
            "Amnesty International (the International Secretariat's part in the consultation); "
            "timeline item 6a; Anti-sex work campaigns ('the London International Secretariat "
            "of Amnesty International'). No country: it is no national section. Region Europe "
            "because the text places it in London. Stance and preparedness not stated: unknown."
        ),
    },
    {
        "name": "AI Peru",
        "country": "PE",
        "region": Region.LATIN_AMERICA,
        "kind": Section.Kind.SECTION,
        "stance": Section.Stance.UNKNOWN,
        "stance_note": "",
        "backlash_preparedness": Section.Preparedness.UNKNOWN,
        "preparedness_note": "",
        "notes": "",
        "source_note": (
            "Amnesty International: 'Amnesty International members are organised into "
            "sections – AI Peru, AI Senegal, and so on.' Named only as an example. "
            f"{_NSWP_REGION} {_STANCE_UNKNOWN} Preparedness not stated: unknown."
        ),
    },
    {
        "name": "AI Senegal",
        "country": "SN",
        "region": Region.AFRICA,
        "kind": Section.Kind.SECTION,
        "stance": Section.Stance.UNKNOWN,
        "stance_note": "",
        "backlash_preparedness": Section.Preparedness.UNKNOWN,
        "preparedness_note": "",
        "notes": "",
        "source_note": (
            "Amnesty International: 'Amnesty International members are organised into "
            "sections – AI Peru, AI Senegal, and so on.' Named only as an example. "
            f"{_NSWP_REGION} {_STANCE_UNKNOWN} Preparedness not stated: unknown."
        ),
    },
]


def _unnamed_member_name(country_name: str) -> str:
    return f"Unnamed member organisation in {country_name} (case study)"


_DEFAULTS = (
    "Kind and size are not described in the text: the model's defaults (sex worker-led, size "
    "unknown) stand."
)
_ONE_OF_TWELVE = (
    "Membership: one of the twelve NSWP members contacted by their section after the vote "
    "(Country-specific Impacts)."
)
_NAMED = "Name public: named in this published case study."

_NAMED_MEMBERS = [
    {
        "name": "Rose Alliance",
        "acronym": "",
        "country": "SE",
        "region": Region.EUROPE,
        "city": "",
        "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
        "name_public": True,
        "placeholder": False,
        "notes": "Intends to continue working with Amnesty Sweden (Example from Sweden).",
        "source_note": (
            f"Example from Sweden; timeline item 6a (Pye Jakobsson). Country from the Example "
            f"from Sweden. {_ONE_OF_TWELVE} {_NSWP_REGION} {_DEFAULTS} {_NAMED}"
        ),
    },
    {
        "name": "Sex Work Polska",
        "acronym": "",
        "country": "PL",
        "region": Region.EUROPE,
        "city": "",
        "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
        "name_public": True,
        "placeholder": False,
        "notes": "",
        "source_note": (
            f"Example from Poland (Agata Dziuban, Member of Sex Work Polska). "
            f"{_ONE_OF_TWELVE} {_NSWP_REGION} {_DEFAULTS} {_NAMED}"
        ),
    },
    {
        "name": "SWOP-USA",
        "acronym": "",
        "country": "US",
        "region": Region.NORTH_AMERICA_CARIBBEAN,
        "city": "",
        "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
        "name_public": True,
        "placeholder": False,
        "notes": "",
        "source_note": (
            f"Example from the USA. {_ONE_OF_TWELVE} {_NSWP_REGION} {_DEFAULTS} {_NAMED}"
        ),
    },
    {
        "name": "SWOP-Chicago",
        "acronym": "",
        "country": "US",
        "region": Region.NORTH_AMERICA_CARIBBEAN,
        "city": "Chicago",
        "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
        "name_public": True,
        "placeholder": False,
        "notes": "",
        "source_note": (
            "Partnerships: given as the United States example of NSWP members mobilising at "
            "the 2014 AGMs ('the AGM was in Chicago and sex workers from SWOP-Chicago held a "
            f"counter demonstration'); city from its name and that passage. {_NSWP_REGION} "
            f"{_DEFAULTS} {_NAMED}"
        ),
    },
    {
        "name": "Nigeria Sex Workers Association",
        "acronym": "NSWA",
        "country": "NG",
        "region": Region.AFRICA,
        "city": "",
        "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
        "name_public": True,
        "placeholder": False,
        "notes": (
            "Would like to work with Amnesty Nigeria formally to address the human rights "
            "abuses of sex workers in Nigeria; the biggest issue facing Nigerian sex workers "
            "is police harassment."
        ),
        "source_note": (
            f"Example from Nigeria (acronym NSWA as the text writes it). {_ONE_OF_TWELVE} "
            f"{_NSWP_REGION} {_DEFAULTS} {_NAMED}"
        ),
    },
]

_WITHHELD = (
    "The text does not name this organisation, so it is recorded as a placeholder (not named "
    "in the source), to be merged into the real organisation once known; its name is not the "
    "organisation's."
)
# (country name as in the placeholder, ISO code, region, passage)
_UNNAMED_MEMBERS = [
    ("Norway", "NO", Region.EUROPE, "Country-specific Impacts (AI Norway)."),
    ("Germany", "DE", Region.EUROPE, "Country-specific Impacts (AI Germany)."),
    ("Belgium", "BE", Region.EUROPE, "Country-specific Impacts (AI Belgium)."),
    ("India", "IN", Region.ASIA_PACIFIC, "Country-specific Impacts (AI India)."),
    ("Turkey", "TR", Region.EUROPE, "Country-specific Impacts (AI Turkey)."),
    ("Canada", "CA", Region.NORTH_AMERICA_CARIBBEAN, "Country-specific Impacts (AI Canada)."),
    ("Hungary", "HU", Region.EUROPE, "Country-specific Impacts (AI Hungary)."),
    ("Italy", "IT", Region.EUROPE, "Country-specific Impacts (AI Italy)."),
    (
        "the United Kingdom",
        "GB",
        Region.EUROPE,
        "Partnerships: the five or six sex workers who spoke at the AI UK AGM in 2014, given "
        "as an example of NSWP members mobilising; the text does not say which organisation "
        "or organisations they came from, so they are recorded as one.",
    ),
]


MEMBERS: list[dict[str, Any]] = [
    *_NAMED_MEMBERS,
    *(
        {
            "name": _unnamed_member_name(country_name),
            "acronym": "",
            "country": country,
            "region": region,
            "city": "",
            "kind": MemberOrganisation.Kind.SEX_WORKER_LED,
            "name_public": False,
            "placeholder": True,
            "notes": "",
            "source_note": (
                f"{passage} {_WITHHELD} "
                + ("" if country == "GB" else f"{_ONE_OF_TWELVE} ")
                + f"{_NSWP_REGION} {_DEFAULTS}"
            ),
        }
        for country_name, country, region, passage in _UNNAMED_MEMBERS
    ),
]

PEOPLE: list[dict[str, Any]] = [
    {
        "name": "Ruth Morgan Thomas",
        "member": None,
        "nswp_secretariat": True,
        "role": "NSWP Global Coordinator",
        "public_as_sex_worker": False,
        "source_note": (
            "Quoted under Timeline for NSWP Engagement as 'Ruth Morgan Thomas, NSWP Global "
            "Coordinator', and in the President's quote ('Ruth [NSWP Global Coordinator]'). "
            "The Global Coordinator heads the NSWP Secretariat (NSWP section). Public as a sex "
            "worker left unticked: the text states the rule for the post, not her own word."
        ),
    },
    {
        "name": "Pye Jakobsson",
        "member": "Rose Alliance",
        "role": "NSWP President",
        "public_as_sex_worker": False,
        "source_note": (
            "Timeline item 6a ('Pye Jakobsson (Rose Alliance)'); quoted as 'Pye Jakobsson, "
            "NSWP President'. Public as a sex worker left unticked: the NSWP section says the "
            "President is 'required to be public as sex workers', but only the person may say "
            "so, and the text does not quote her saying it. Whether she speaks to media is not "
            "stated: left at the default."
        ),
    },
    {
        "name": "Amaka",
        "member": "Nigeria Sex Workers Association",
        "role": "National Coordinator",
        "public_as_sex_worker": False,
        "source_note": (
            "Example from Nigeria ('Amaka, National Coordinator of the Nigeria Sex Workers "
            "Association'); the text gives only this name. Media and sex worker status not "
            "stated: left at the defaults."
        ),
    },
    {
        "name": "Agata Dziuban",
        "member": "Sex Work Polska",
        "role": "Member",
        "public_as_sex_worker": False,
        "source_note": (
            "Example from Poland ('Agata Dziuban, Member of Sex Work Polska'). Media and sex "
            "worker status not stated: left at the defaults."
        ),
    },
]

_AFTER_VOTE_DATE = (
    "Date: the text gives only 'since the International Council Meeting on 11 August 2015', "
    "so the contact is dated as a range from 11 August 2015 to 30 November 2015, the end of "
    "the month the study was published in (footnote 1: 'published in November 2015'). "
    "Strategy #5: NSWP learned of these contacts by asking its members which had been "
    "contacted by their section (Strategy #5 and Country-specific Impacts), a reading of the "
    "text."
)
_UNSAID = "Formality and channel not stated: formality unknown, channel other."

CONTACTS: list[dict[str, Any]] = [
    *(
        {
            "date": D(2015, 8, 11),
            "date_precision": Contact.DatePrecision.RANGE,
            "date_end": STUDY_DATE,
            "strategy": 5,
            "section": f"AI {country_name}",
            "member": _unnamed_member_name(country_name),
            "initiated_by": Contact.InitiatedBy.SECTION,
            "formality": "",
            "channel": Contact.Channel.OTHER,
            "summary": (
                f"AI {country_name} contacted an NSWP member organisation in {country_name} "
                "after the International Council Meeting on 11 August 2015."
            ),
            "outcome": "",
            "participants": None,
            "participants_max": None,
            "hours": None,
            "people": [],
            "source_note": (
                f"{_TWELVE} Initiated by the section: the members 'have been contacted ... by "
                f"their national Amnesty International section'. {_AFTER_VOTE_DATE} The member "
                f"is not named: recorded as a placeholder. {_UNSAID}"
            ),
        }
        for country_name in (
            "Norway",
            "Germany",
            "Belgium",
            "India",
            "Turkey",
            "Canada",
            "Hungary",
            "Italy",
        )
    ),
    {
        "date": D(2015, 8, 11),
        "date_precision": Contact.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "strategy": 5,
        "section": "AI Sweden",
        "member": "Rose Alliance",
        "initiated_by": Contact.InitiatedBy.SECTION,
        "formality": "",
        "channel": Contact.Channel.MEETING,
        "summary": (
            "Within days of the 11 August 2015 decision, Amnesty Sweden contacted Rose "
            "Alliance for a meeting. Once the vote happened the media 'was crazy in Sweden'. "
            "Amnesty Sweden said it voted against the policy because it did not represent the "
            "interests of its membership, but did not critique Amnesty International and "
            "would respect the International Council's decision."
        ),
        "outcome": (
            "Amnesty Sweden would not campaign against the criminalisation of clients, but "
            "would work on some of the other laws in Sweden that force sex workers to work "
            "alone and laws that increase their risk of eviction. A positive step for Rose "
            "Alliance, which intends to continue working with Amnesty Sweden."
        ),
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": [],
        "source_note": (
            "Example from Sweden. Date: 'within days of August 11, 2015 decision'; the exact "
            f"day is not given. {_AFTER_VOTE_DATE} Initiated by the section: 'Rose "
            "Alliance was contacted by Amnesty Sweden for a meeting'. Formality not stated. "
            "The Rose Alliance spokesperson is not named, so no person is linked."
        ),
    },
    {
        "date": D(2015, 8, 11),
        "date_precision": Contact.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "strategy": 5,
        "section": "AI Poland",
        "member": "Sex Work Polska",
        "initiated_by": Contact.InitiatedBy.SECTION,
        "formality": "",
        "channel": Contact.Channel.WORKSHOP,
        "summary": (
            "Sex workers and allies in Poland organised a 4-hour media training and "
            "informational, educational workshop for AI Poland volunteers and staff, including "
            "street-based volunteers who solicit new memberships and were being harassed by "
            "those they approached. It covered relevant terminology (the category of sex work "
            "is not really common in Poland yet), myths, legal systems and common violations "
            "of sex workers' rights."
        ),
        "outcome": (
            "Some people present were abolitionists who wanted to use the 'conscience clause' "
            "in Poland so they would not be forced to advocate on behalf of Amnesty's policy."
        ),
        "participants": 15,
        "participants_max": 18,
        "hours": None,
        "people": ["Agata Dziuban"],
        "source_note": (
            f"Example from Poland and Country-specific Impacts. {_AFTER_VOTE_DATE} Initiated "
            "by the section per the Country-specific Impacts list; the example says sex "
            "workers and allies organised the workshop itself. Participants: 'There were 15–18 "
            "people at the workshop'. Hours given by sex workers left blank: the text gives "
            "the workshop's length ('a 4-hour workshop', in the summary), and says it was "
            "organised by 'sex workers and allies' without saying how many of either gave it; "
            "whether they were paid is not stated. "
            "Formality not stated. Agata Dziuban is linked because she describes the workshop "
            "as given by 'we'."
        ),
    },
    {
        "date": D(2015, 8, 11),
        "date_precision": Contact.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "strategy": 5,
        "section": "AI USA",
        "member": "SWOP-USA",
        "initiated_by": Contact.InitiatedBy.SECTION,
        "formality": "",
        "channel": Contact.Channel.OTHER,
        "summary": (
            "Amnesty International USA contacted SWOP-USA: it wanted SWOP-USA to organise "
            "panels at its yearly regional conferences to educate members about the "
            "importance of sex workers' rights and supporting decriminalisation. AI USA also "
            "asked SWOP-USA for contacts that would be able to speak to the media about sex "
            "workers' rights."
        ),
        "outcome": "",
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": [],
        "source_note": (
            "Example from the USA ('After 11 August 2015, Amnesty International USA contacted "
            f"SWOP-USA'). {_AFTER_VOTE_DATE} A request, not a panel: AI USA 'wanted SWOP-USA to "
            "organise panels' and asked for media contacts; the text does not say whether "
            "SWOP-USA agreed or any panel took place. Recorded as the contact that carried both "
            "requests (the text describes one approach). How AI USA got in touch is not "
            "stated: channel other. Formality and outcome not stated."
        ),
    },
    {
        "date": D(2015, 8, 11),
        "date_precision": Contact.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "strategy": 5,
        "section": "AI Nigeria",
        "member": "Nigeria Sex Workers Association",
        "initiated_by": Contact.InitiatedBy.UNKNOWN,
        "formality": Contact.Formality.INFORMAL,
        "channel": Contact.Channel.OTHER,
        "summary": (
            "Informal conversations with some supportive members at Amnesty. NSWA wants AI "
            "Nigeria to work on the harassment of sex workers by police in Nigeria and would "
            "like to work with Amnesty Nigeria formally to address the human rights abuses of "
            "sex workers in Nigeria."
        ),
        "outcome": "",
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": ["Amaka"],
        "source_note": (
            "Example from Nigeria ('We had informal conversations with some members at "
            f"Amnesty who are supportive') and Country-specific Impacts. {_AFTER_VOTE_DATE} "
            "Who began the conversations is not stated: the example speaks of 'informal "
            "conversations with some members at Amnesty who are supportive', so initiated by "
            "unknown. Channel not stated: other. Amaka is linked because she speaks of the "
            "conversations as 'we'."
        ),
    },
    {
        "date": D(2014, 4, 1),
        "date_precision": Contact.DatePrecision.MONTH,
        "date_end": None,
        "strategy": None,
        "section": "AI UK",
        "member": _unnamed_member_name("the United Kingdom"),
        "initiated_by": Contact.InitiatedBy.MEMBER,
        "formality": "",
        "channel": Contact.Channel.CONFERENCE,
        "summary": "Five or six sex workers spoke at the Amnesty International UK AGM.",
        "outcome": (
            "Their arguments helped convince the AGM not to accept the Swedish model, which "
            "was proposed."
        ),
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": [],
        "source_note": (
            "Partnerships (2014 AGMs, the UK example) and timeline item 4. Date: the text "
            "says 2014; item 4 puts the AGMs NSWP members attended in April 2014, so it is "
            "dated April 2014 (month precision), a reading of the two passages together. "
            "Initiated by the member: NSWP members mobilised and attended. Participants left "
            "blank: the text counts only the sex workers who spoke, not who attended. "
            "Formality not stated."
        ),
    },
    {
        "date": D(2014, 4, 1),
        "date_precision": Contact.DatePrecision.MONTH,
        "date_end": None,
        "strategy": None,
        "section": "AI USA",
        "member": "SWOP-Chicago",
        "initiated_by": Contact.InitiatedBy.MEMBER,
        "formality": "",
        "channel": Contact.Channel.DEMONSTRATION,
        "summary": (
            "At the AI USA AGM in Chicago, sex workers from SWOP-Chicago held a counter "
            "demonstration and stood next to the anti-sex work campaigners who were holding a "
            "protest against Amnesty International."
        ),
        "outcome": "AI USA's Board of Directors met with SWOP-Chicago members as a result.",
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": [],
        "source_note": (
            "Partnerships (2014 AGMs, the United States example) and timeline item 4. Date: "
            "the text says 2014; item 4 puts the AGMs in April 2014, so it is dated April 2014 "
            "(month precision), a reading of the two passages together. Formality not stated."
        ),
    },
    {
        "date": D(2014, 1, 1),
        "date_precision": Contact.DatePrecision.YEAR,
        "date_end": None,
        "strategy": None,
        "section": "AI USA",
        "member": "SWOP-Chicago",
        "initiated_by": Contact.InitiatedBy.UNKNOWN,
        "formality": "",
        "channel": Contact.Channel.MEETING,
        "summary": (
            "Following the counter demonstration at the AGM, Amnesty International USA's Board "
            "of Directors met with SWOP-Chicago members to discuss decriminalisation. They "
            "also spoke to anti-sex work campaigners."
        ),
        "outcome": "",
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": [],
        "source_note": (
            "Partnerships (2014 AGMs, the United States example): 'As a result, Amnesty "
            "International USA's Board of Directors met with SWOP-Chicago members'. Date: "
            "the year 2014 only: the passage is about the 2014 AGMs and gives no date for the "
            "meeting, which followed the AGM. Who asked for the meeting and its formality "
            "are not stated."
        ),
    },
    {
        "date": D(2014, 6, 1),
        "date_precision": Contact.DatePrecision.MONTH,
        "date_end": None,
        "strategy": None,
        "section": "AI International Secretariat",
        "member": "Rose Alliance",
        "initiated_by": Contact.InitiatedBy.UNKNOWN,
        "formality": "",
        "channel": Contact.Channel.PRESENTATION,
        "summary": (
            "Pye Jakobsson (Rose Alliance) gave a presentation to Amnesty International "
            "(International Secretariat staff) on the Swedish model and sex workers' rights."
        ),
        "outcome": "",
        "participants": None,
        "participants_max": None,
        "hours": None,
        "people": ["Pye Jakobsson"],
        "source_note": (
            "Timeline item 6a. Date: a sub-item of item 6 ('June 2014'), dated June 2014 "
            "(month precision). Who initiated it and its formality are not stated."
        ),
    },
]


# What the text tells of the opposition and media landscape. The two facts of "Anti-sex work
# campaigns" were milestones before events were recorded; a load removes those milestones
# (by these titles, when a load made them) so that each fact is recorded once.
_DAY_OF_ACTION = "'No Amnesty For Pimps Global Day of Action'"
_COUNTER_ACTIONS = "Counter-protests and the #pledgedecrim campaign in support of Amnesty"
MOVED_TO_EVENTS = (_DAY_OF_ACTION, _COUNTER_ACTIONS)

EVENTS = [
    {
        "title": _DAY_OF_ACTION,
        "date": D(2015, 10, 23),
        "date_precision": Event.DatePrecision.DAY,
        "date_end": None,
        "kind": Event.Kind.PROTEST,
        "description": (
            "An online protest using the #NoAmnesty4Pimps hashtag on Twitter, with claimed "
            "physical protests in front of Amnesty sections across the globe. In reality: a "
            "relatively small protest outside the London International Secretariat of Amnesty "
            "International, and other protest activities on a small scale in Australia, "
            "Germany, Mexico, Norway, Canada and the USA (seven countries with the United "
            "Kingdom)."
        ),
        # Sorted, as the field keeps them.
        "countries": sorted(["GB", "AU", "DE", "MX", "NO", "CA", "US"]),
        "actors": "Anti-sex work campaigners (not named in the text).",
        "links": _AMNESTY_ACTION,
        "sections": ["AI International Secretariat"],
        "members": [],
        "member_response": "",
        "source_note": (
            "Anti-sex work campaigns (23 October 2015). Not on the numbered timeline. "
            "Countries: London (the United Kingdom), Australia, Germany, Mexico, Norway, "
            "Canada and the USA, as the text lists them. Section involved: the International "
            "Secretariat, outside which the London protest took place; the text does not say "
            "where the protests in the other six countries were held, so no other section is "
            "linked. Actors: the text speaks of anti-sex work campaigns and campaigners and "
            "does not name the organisers. The link is the one printed after that section "
            "(amnestyaction.wordpress.com), read as the organisers' site. How NSWP members "
            "responded is the counter-action recorded beside it."
        ),
    },
    {
        "title": _COUNTER_ACTIONS,
        "date": D(2015, 10, 23),
        "date_precision": Event.DatePrecision.DAY,
        "date_end": None,
        "kind": Event.Kind.COUNTER_ACTION,
        "description": (
            "Some sex workers' rights organisations organised counter protests in support of "
            "Amnesty. The English Collective of Prostitutes asked NSWP members to counter the "
            "anti-sex work social media campaign through a #pledgedecrim campaign in support "
            "of Amnesty."
        ),
        "countries": [],
        "actors": (
            "Some sex workers' rights organisations (not named in the text); the English "
            "Collective of Prostitutes."
        ),
        "links": _PLEDGEDECRIM,
        "sections": [],
        "members": [],
        "member_response": "",
        "source_note": (
            "Anti-sex work campaigns. The text gives no date for the counter-actions; 23 "
            "October 2015 is the date of the day of action they answered and of the English "
            "Collective of Prostitutes' post the link points to (its address carries "
            "2015/10/23). The organisations that counter-protested are not named, nor where "
            "they did: no country. The text does not say how NSWP members answered the "
            "English Collective of Prostitutes' call: 'how members responded' is left blank."
        ),
    },
]

_SWEDEN = "Example from Sweden"

POSITIONS = [
    {
        "section": "AI Sweden",
        "date": D(2015, 8, 11),
        "date_precision": SectionPosition.DatePrecision.DAY,
        "date_end": None,
        "position": SectionPosition.Position.OPPOSES,
        "committed_to": "",
        "refused": "",
        "evidence_links": "",
        "source_note": (
            f"{_SWEDEN}: Amnesty Sweden 'clearly stated they voted against the policy because "
            "it did not represent the interests of their membership'. Dated the day of the "
            "vote, 11 August 2015 (timeline item 13). 'Opposes' is read from that vote and its "
            "reason; the vote itself is the section's stance on the resolution. No link in "
            "the text."
        ),
    },
    {
        "section": "AI Sweden",
        "date": D(2015, 8, 11),
        "date_precision": SectionPosition.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "position": SectionPosition.Position.NEUTRAL,
        "committed_to": (
            "Respect the decision made by Amnesty International's International Council. Work "
            "on some of the other laws in Sweden that force sex workers to work alone and laws "
            "that increase their risk of eviction."
        ),
        "refused": "Campaign against the criminalisation of clients.",
        "evidence_links": "",
        "source_note": (
            f"{_SWEDEN}: when it met Rose Alliance 'within days of August 11, 2015 decision', "
            "Amnesty Sweden 'did not critique Amnesty International and confirmed they would "
            "respect the decision'; according to the Rose Alliance spokesperson it 'would not "
            "campaign against the criminalisation of clients' and will 'work on some of the "
            "other laws in Sweden'. Date: the exact day of the meeting is not given, so it is "
            "dated, as the contact, between 11 August 2015 and 30 November 2015, the end of "
            "the month the study was published in (footnote 1). 'Neutral' is a reading: it "
            "respects the decision without campaigning for all of it; the text does not "
            "name its position. No link in the text."
        ),
    },
]

_USA = (
    "Example from the USA ('After 11 August 2015, Amnesty International USA contacted "
    "SWOP-USA'). Dated as the contact that carried it, between 11 August 2015 and 30 November "
    "2015 (the end of the month the study was published in, footnote 1). Status requested: "
    "the text does not say whether SWOP-USA agreed or what came of it. No due date, payment "
    "or hours in the text. The text describes one approach with two asks: each is a request, "
    "both carried by the same contact."
)

REQUESTS = [
    {
        "section": "AI USA",
        "member": "SWOP-USA",
        "kind": SectionRequest.Kind.PANEL,
        "date": D(2015, 8, 11),
        "date_precision": SectionRequest.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "status": SectionRequest.Status.REQUESTED,
        "description": (
            "Amnesty International USA organises regional conferences every year. It wanted "
            "SWOP-USA to organise panels at the regional meetings to educate members about the "
            "importance of sex workers' rights and supporting decriminalisation."
        ),
        "due_on": None,
        "paid": None,
        "payment": "",
        "hours": None,
        "source_note": _USA,
    },
    {
        "section": "AI USA",
        "member": "SWOP-USA",
        "kind": SectionRequest.Kind.MEDIA_CONTACTS,
        "date": D(2015, 8, 11),
        "date_precision": SectionRequest.DatePrecision.RANGE,
        "date_end": STUDY_DATE,
        "status": SectionRequest.Status.REQUESTED,
        "description": (
            "AI USA also asked SWOP-USA for contacts that would be able to speak to the media "
            "about sex workers' rights."
        ),
        "due_on": None,
        "paid": None,
        "payment": "",
        "hours": None,
        "source_note": _USA,
    },
]


@dataclass
class Tally:
    """What one run did to one model's rows."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows a person changed since they were loaded (or loaded before fingerprints were kept):
    # left as they are.
    kept: int = 0


def _plain(value: Any) -> Any:
    """A related row as its key, a country as its code (a list of them as a list of codes);
    other values as they are."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Country):
        return value.code
    if isinstance(value, list | tuple | MultipleCountriesDescriptor):
        return [_plain(item) for item in value]
    return value


def _digest(obj: models.Model, names: list[str], related: dict[str, list[models.Model]]) -> str:
    """A fingerprint of the row's current values of the loaded fields and relations."""
    state = {name: _plain(getattr(obj, name)) for name in names}
    for name in related:
        state[name] = sorted(item.pk for item in getattr(obj, name).all()) if obj.pk else []
    text = json.dumps(state, cls=DjangoJSONEncoder, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _upsert(
    model: type[models.Model],
    tallies: dict[type[models.Model], Tally],
    *,
    key: dict[str, Any],
    values: dict[str, Any],
    related: dict[str, list[models.Model]] | None = None,
    refresh: bool = False,
) -> Any:
    """Insert the row if missing; bring it up to date only if nobody changed it since loaded.

    Unlike update_or_create this skips the save when nothing changed, so a repeat run adds no
    history rows and leaves updated_at alone. `related` sets many-to-many relations.
    """
    tally = tallies[model]
    related = related or {}
    names = list(values)
    obj = model._default_manager.filter(**key).first()
    if obj is None and model in (MemberOrganisation, Section):
        # A person merged it into another record: the facts now live there, as edited.
        successor = merged_successor(model, **key)
        if successor is not None:
            tally.kept += 1
            return successor
    created = obj is None
    marker = None
    if obj is not None:
        marker = LoadedFact.objects.filter(model=model._meta.label, object_id=obj.pk).first()
        untouched = marker is not None and marker.digest == _digest(obj, names, related)
        if not (untouched or refresh):
            tally.kept += 1
            return obj
        # django-simple-history reads these attributes; it ships no types.
        obj._change_reason = "Case study loaded again"  # type: ignore[attr-defined]
    else:
        obj = model(**key, **values)
        obj._change_reason = "Loaded from the case study"  # type: ignore[attr-defined]
    changed = list(values) if created else []
    for name, value in values.items():
        if not created and _plain(getattr(obj, name)) != _plain(value):
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.full_clean()
        obj.save()
    for name, wanted in related.items():
        manager = getattr(obj, name)
        if {item.pk for item in manager.all()} != {item.pk for item in wanted}:
            manager.set(wanted)
            changed.append(name)
    digest = _digest(obj, names, related)
    if marker is None or marker.digest != digest:
        LoadedFact.objects.update_or_create(
            model=model._meta.label, object_id=obj.pk, defaults={"digest": digest}
        )
    if created:
        tally.created += 1
    elif changed:
        tally.updated += 1
    else:
        tally.unchanged += 1
    return obj


@transaction.atomic
def load_case_study(
    *, refresh: bool = False, progress: Progress = SILENT
) -> dict[type[models.Model], Tally]:
    """Load the case study's facts; return what was created, updated, left or kept per model.

    ``refresh`` re-applies the text's values to rows a person changed since they were loaded.
    """
    facts = (GOALS, STRATEGIES, MILESTONES, PETITIONS, ENDORSEMENTS, SECTIONS, MEMBERS, PEOPLE)
    progress.start("Case study", total=sum(len(f) for f in facts) + len(CONTACTS), unit="facts")
    tallies: dict[type[models.Model], Tally] = {
        model: Tally()
        for model in (
            Campaign,
            Goal,
            Strategy,
            Resource,
            Milestone,
            Petition,
            SupporterCount,
            Endorsement,
            Section,
            MemberOrganisation,
            Person,
            Contact,
            CheckIn,
            SectionPosition,
            Event,
            SectionRequest,
        )
    }

    def upsert(model, **kwargs):
        return _upsert(model, tallies, refresh=refresh, **kwargs)

    values = dict(CAMPAIGN)
    campaign = upsert(Campaign, key={"name": values.pop("name")}, values=values)

    goals = {}
    for fact in progress.iterate(GOALS):
        values = dict(fact)
        key = {"campaign": campaign, "number": values.pop("number")}
        goals[key["number"]] = upsert(Goal, key=key, values=values)

    strategies = {}
    for fact in progress.iterate(STRATEGIES):
        values = dict(fact)
        key = {"campaign": campaign, "number": values.pop("number")}
        served = [goals[number] for number in values.pop("goals")]
        strategies[key["number"]] = upsert(
            Strategy, key=key, values=values, related={"goals": served}
        )

    for fact in RESOURCES:
        values = dict(fact)
        values["strategy"] = strategies[values["strategy"]]
        upsert(Resource, key={"title": values.pop("title")}, values=values)

    for fact in progress.iterate(MILESTONES):
        values = dict(fact)
        # Numbered items are known by their number; the others by their title.
        number = values.pop("number")
        key = {"campaign": campaign, "number": number}
        if number is None:
            key["title"] = values.pop("title")
        upsert(Milestone, key=key, values=values)

    for fact in progress.iterate(PETITIONS):
        values = dict(fact)
        counts = values.pop("supporter_counts")
        key = {"campaign": campaign, "url": values.pop("url")}
        petition = upsert(Petition, key=key, values=values)
        for count in counts:
            values = dict(count)
            key = {"petition": petition, "date": values.pop("date")}
            upsert(SupporterCount, key=key, values=values)

    for fact in progress.iterate(ENDORSEMENTS):
        values = dict(fact)
        key = {
            "campaign": campaign,
            "organisation": values.pop("organisation"),
            "kind": values.pop("kind"),
        }
        upsert(Endorsement, key=key, values=values)

    sections = {}
    for fact in progress.iterate(SECTIONS):
        values = dict(fact)
        # A national section is known by its country; the International Secretariat has none.
        country = values.pop("country")
        key = {"country": country} if country else {"country": None, "kind": values.pop("kind")}
        sections[values["name"]] = upsert(Section, key=key, values=values)

    members = {}
    for fact in progress.iterate(MEMBERS):
        values = dict(fact)
        key = {"name": values.pop("name")}
        members[key["name"]] = upsert(MemberOrganisation, key=key, values=values)

    people = {}
    for fact in progress.iterate(PEOPLE):
        values = dict(fact)
        member = values.pop("member")
        key = {"name": values.pop("name"), "member": members[member] if member else None}
        values.setdefault("nswp_secretariat", False)
        people[key["name"]] = upsert(Person, key=key, values=values)

    contacts: dict[tuple[str, str], Contact] = {}
    for fact in progress.iterate(CONTACTS):
        values = dict(fact)
        involved = [people[name] for name in values.pop("people")]
        strategy = values.pop("strategy")
        values["strategy"] = strategies[strategy] if strategy else None
        key = {
            "section": sections[values.pop("section")],
            "member": members[values.pop("member")],
            "date": values.pop("date"),
        }
        contact = upsert(Contact, key=key, values=values, related={"people": involved})
        contacts.setdefault((key["section"].name, key["member"].name), contact)

    _remove_milestones_moved_to_events(campaign)
    for fact in EVENTS:
        values = dict(fact)
        related = {
            "sections": [sections[name] for name in values.pop("sections")],
            "members": [members[name] for name in values.pop("members")],
        }
        key = {"title": values.pop("title"), "date": values.pop("date")}
        upsert(Event, key=key, values=values, related=related)

    for fact in POSITIONS:
        values = dict(fact)
        key = {
            "section": sections[values.pop("section")],
            "date": values.pop("date"),
            "date_precision": values.pop("date_precision"),
        }
        upsert(SectionPosition, key=key, values=values)

    for fact in REQUESTS:
        values = dict(fact)
        section, member = values.pop("section"), values.pop("member")
        values["carried_by"] = contacts[(section, member)]
        key = {"section": sections[section], "member": members[member], "kind": values.pop("kind")}
        upsert(SectionRequest, key=key, values=values)

    progress.finish()
    return tallies


def _remove_milestones_moved_to_events(campaign: Campaign) -> None:
    """Delete the milestones an earlier load made of what are now events: only rows with a
    load's fingerprint, never one a person added. A later run finds none and deletes nothing."""
    label = Milestone._meta.label
    loaded = LoadedFact.objects.filter(model=label).values("object_id")
    for milestone in Milestone.objects.filter(
        campaign=campaign, number=None, title__in=MOVED_TO_EVENTS, pk__in=loaded
    ):
        LoadedFact.objects.filter(model=label, object_id=milestone.pk).delete()
        milestone.delete()
