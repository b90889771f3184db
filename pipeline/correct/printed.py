"""The document's own forms as evidence for a misread word.

A surname the document prints (``bocqueteau``) is no lexicon word, so the lexicon's nearest word
(``boqueteau``) is what a misreading of it (``bocqueleau``) would be corrected into, though it is
farther from the misreading than the document's own form is. The document is the better evidence:
a word the lexicon would change, or leaves unknown, is read against the forms the same document
prints (:attr:`pipeline.evidence.Evidence.printed`, searched with the corrector's edit model):

- a form at least as near as the lexicon's word, and printed more often in the document,
  forbids that word: the misreading is of the document's form, or of nothing the lexicon knows (a
  form printed once beside a lexicon word the document prints often, ``sculpreur`` beside
  ``sculpteur`` × 28, is likelier a misreading of it);
- the nearest form, one OCR confusion away and clearly nearer than any other, is chosen when the
  evidence says the form is real and the reading doubtful
  (:meth:`~pipeline.evidence.Evidence.attested`); otherwise the word stays as printed, for review.
"""

from __future__ import annotations

from pipeline.correct.edits import MARGIN, UNKNOWN, Choice, accent_cost, search
from pipeline.correct.words import shape
from pipeline.evidence import PRINTED_LENGTH, Evidence, form
from pipeline.lexicon import Lexicon
from pipeline.model import Reason
from pipeline.text import fold

CONFUSION = 1.2
"""Most a reading may cost from the document's form it is corrected into: one OCR confusion
(``t`` read ``l``, ``rn`` for ``m``), no letter lost or added."""
FARTHEST = 2.6
"""Cost of a lexicon word the edit model cannot reach within the largest budget a word gets."""


def distance(token: str, word: str, budget: float = FARTHEST) -> float:
    """What reading ``word`` for ``token`` costs in the corrector's edit model (letters and accents),
    or ``budget`` when it costs more."""
    low = word.lower()
    key = fold(low)
    one = Lexicon({low: 1}, folded={key: (low,)}, keys=[key])
    cost = search(token, one, budget, plain_edits=2).get(key)
    return budget if cost is None else min(budget, cost + accent_cost(token, low))


def printed_choice(core: str, choice: Choice, confidence: float | None, known: Evidence) -> Choice | None:
    """What the document's own forms say of ``core``, which the lexicon corrects into ``choice.text``
    or leaves unknown: None when they say nothing, ``UNKNOWN`` when they forbid the lexicon's word
    without vouching for one of their own, or the document's form."""
    lexical = choice.text is not None
    if len(core) < PRINTED_LENGTH or not core.isalpha() or lexical and not choice.text.isalpha():
        return None
    if lexical and fold(choice.text) == fold(core):
        return None  # an accent: the accent rules' (the document's own forms fold the same)
    ceiling = distance(core, choice.text) if lexical else CONFUSION
    own = fold(core)
    near = sorted((cost + accent_cost(core, word), word)
                  for key, cost in search(core, known.printed, max(ceiling, CONFUSION), int(lexical)).items()
                  if key != own for word in known.printed.folded[key])
    if lexical:  # a lexicon word printed as often in the document outvotes a form as near: the
        # document is even, and the lexicon is on its side
        near = [(cost, word) for cost, word in near
                if cost <= ceiling and known.votes[word] > known.votes[form(choice.text)]]
    if not near:
        return None
    cost, word = near[0]
    clear = len(near) == 1 or near[1][0] - cost >= MARGIN
    if cost <= CONFUSION and clear and known.attested(word, core, confidence):
        return Choice(shape(word, core), round(1 - 0.4 * cost / CONFUSION, 3), Reason.DOCUMENT_FORM)
    return UNKNOWN if lexical else None
