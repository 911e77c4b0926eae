"""Who may apply to a call: the communities, oblasts and professions it is for.

Pure. Each list left empty means "anyone". Communities are typed by people (on the profile and by
editors on the call), so they are compared loosely: case, apostrophe shapes, extra spaces and the
words "громада", "територіальна", "міська", "сільська", "селищна" (and their English equivalents)
do not matter; "Марганецька міська територіальна громада" matches "Марганецька громада".
"""

import re
from dataclasses import dataclass

_NOISE = re.compile(
    r"\b(?:міська|сільська|селищна|територіальна|громада|отг|тг|"
    r"urban|rural|settlement|territorial|community|hromada)\b",
    re.IGNORECASE,
)
_APOSTROPHES = str.maketrans({"ʼ": "'", "’": "'", "`": "'", "‘": "'"})


def community_key(name: str) -> str:
    """The comparable form of a community name."""
    words = _NOISE.sub(" ", name.translate(_APOSTROPHES).casefold())
    return " ".join(re.sub(r"[^\w' -]", " ", words).split())


@dataclass(frozen=True)
class Criteria:
    communities: tuple[str, ...] = ()
    oblasts: frozenset[str] = frozenset()
    professions: frozenset[str] = frozenset()

    @classmethod
    def of(cls, call) -> "Criteria":
        """The conditions of a call (`content.models.Call`: communities one per line, oblast and profession codes).

        A community may be named in either language (people type theirs in the language they read the site in).
        """
        names = f"{call.communities_uk or ''}\n{call.communities_en or ''}"
        return cls(communities=tuple(line.strip() for line in names.splitlines() if line.strip()),
                   oblasts=frozenset(call.oblasts or ()), professions=frozenset(call.professions or ()))


@dataclass(frozen=True)
class Applicant:
    community: str = ""
    oblast: str = ""
    profession: str = ""


@dataclass(frozen=True)
class Eligibility:
    community_ok: bool
    oblast_ok: bool
    profession_ok: bool

    @property
    def eligible(self) -> bool:
        return self.community_ok and self.oblast_ok and self.profession_ok


def check_eligibility(*, criteria: Criteria, applicant: Applicant) -> Eligibility:
    """Which of the call's conditions the applicant meets; all three must hold to apply."""
    communities = {community_key(name) for name in criteria.communities if community_key(name)}
    return Eligibility(
        community_ok=not communities or community_key(applicant.community) in communities,
        oblast_ok=not criteria.oblasts or applicant.oblast in criteria.oblasts,
        profession_ok=not criteria.professions or applicant.profession in criteria.professions,
    )
