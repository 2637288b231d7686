"""Demo data of the expo, the community vote and submission versions (run at the end of
:func:`hackathons.demo.seed`, inside ``scopes_disabled()``; idempotent).

* "Reclaiming the City" (judging) is judged by rubric and at the expo: four judges of its
  panel have compared pairs; its community vote is open until judging closes, with a few
  votes in.
* "Heritage in Code" (results published) was judged the same way: its public page shows the
  expo ranking with its uncertainty and the community choice.
* The demo participant's draft in "Open Doors" (running) has three versions to compare and
  restore.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from .models import (
    CommunityVote,
    ExpoJudgement,
    ExpoPair,
    Hackathon,
    JudgingMode,
    PanelJudge,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
    TeamMembership,
)

EXPO_HACKATHONS = ("reclaiming-the-city", "heritage-in-code")
DRAFT_VERSIONS = [
    ("Welcome Kit", "A kit for a first visit.",
     "A printed guide for people who visit a hub for the first time."),
    ("Threshold: first visits", "A first visit, designed with the people who never come.",
     "A printed guide for people who visit a hub for the first time.\n"
     "We tested it with twelve neighbours at Usquare."),
    ("Threshold: first visits", "A first visit, designed with the people who never come.",
     "A guide and a host at the door for people who visit a hub for the first time.\n"
     "We tested it with twelve neighbours at Usquare.\n"
     "It costs one part-time host and 300 euros of printing a year."),
]


def _comparisons(hackathon, subs, judges):
    """Each judge walks a chain of pairs; answers follow a hidden quality with some noise."""
    quality = {s.pk: random.Random(f"q:{s.team.name}").uniform(4.5, 8.5) for s in subs}
    made = 0
    for j_index, judge in enumerate(judges):
        order = sorted(subs, key=lambda s: random.Random(f"o:{judge.email}:{s.pk}").random())
        for step, (a, b) in enumerate(zip(order, order[1:], strict=False)):
            rng = random.Random(f"e:{judge.email}:{a.pk}:{b.pk}")
            a_wins = quality[a.pk] + rng.gauss(0, 1) > quality[b.pk] + rng.gauss(0, 1)
            winner, loser = (a, b) if a_wins else (b, a)
            pair, _ = ExpoPair.objects.get_or_create(
                hackathon=hackathon, judge=judge, first=a, second=b,
                defaults={"decided_at": hackathon.judging_opens
                          + timedelta(hours=2 + j_index, minutes=5 * step)})
            _j, created = ExpoJudgement.objects.get_or_create(
                pair=pair, criterion=None, defaults={"hackathon": hackathon, "judge": judge,
                                                     "winner": winner, "loser": loser})
            made += created
    return made


def _votes(hackathon, subs):
    voters = (get_user_model().objects.filter(email__startswith="hack.")
              .exclude(email__startswith="hack.expert.").order_by("email"))
    members = set(TeamMembership.objects.filter(hackathon=hackathon)
                  .values_list("user_id", flat=True))
    n = 0
    for k, voter in enumerate(v for v in voters if v.pk not in members):
        if k >= 5:
            break
        CommunityVote.objects.get_or_create(hackathon=hackathon, voter=voter,
                                            defaults={"submission": subs[k % 2 if k < 4 else 0]})
        n += 1
    return n


def _versions(participant):
    sub = (Submission.objects.filter(team__captain=participant,
                                     status=SubmissionStatus.DRAFT,
                                     hackathon__slug="inclusive-third-places").first())
    if sub is None:
        return
    for number, (title, summary, description) in enumerate(DRAFT_VERSIONS, start=1):
        SubmissionVersion.objects.update_or_create(submission=sub, number=number, defaults={
            "author": participant,
            "data": {"title": title, "summary": summary, "description": description,
                     "repository_url": sub.repository_url, "video_url": "", "demo_url": "",
                     "challenge": sub.challenge_id, "files": []}})
    title, summary, description = DRAFT_VERSIONS[-1]
    Submission.objects.filter(pk=sub.pk).update(version=len(DRAFT_VERSIONS), title=title,
                                                summary=summary, description=description)


def seed(log):
    comparisons = votes = 0
    for h in Hackathon.objects.filter(slug__in=EXPO_HACKATHONS):
        Hackathon.objects.filter(pk=h.pk).update(judging_mode=JudgingMode.BOTH,
                                                 vote_closes=h.judging_closes)
        subs = list(Submission.objects.filter(hackathon=h, status=SubmissionStatus.SUBMITTED)
                    .select_related("team").order_by("pk"))
        judges = [p.judge for p in PanelJudge.objects.filter(hackathon=h)
                  .select_related("judge").order_by("judge__email")
                  if not p.judge.email.startswith("judge@")][:4]
        if len(subs) > 1:
            comparisons += _comparisons(h, subs, judges)
            votes += _votes(h, subs)
    _versions(get_user_model().objects.get(email="participant@creaconnect.test"))
    log(f"expo: {comparisons} new comparisons, {votes} community votes, a draft with "
        f"{len(DRAFT_VERSIONS)} versions")
