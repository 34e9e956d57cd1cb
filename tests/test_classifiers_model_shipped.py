"""The classifier shipped in ``classifiers/artifacts/``: intact, small, and sensible.

These use the real fine-tuned MiniLM (int8 ONNX); loading it takes about a
second, scoring a handful of posts a fraction of that.
"""

from __future__ import annotations

import json

import pytest

from classifiers.api import load_classifier
from classifiers.model.bundle import DEFAULT_BUNDLE_DIR, MANIFEST_NAME, read_manifest, sha256_file
from schoolwatch.domain import LABELS

pytestmark = pytest.mark.skipif(not (DEFAULT_BUNDLE_DIR / MANIFEST_NAME).is_file(),
                                reason="no trained classifier in classifiers/artifacts yet")

ARTIFACT_BUDGET_BYTES = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def classifier():
    return load_classifier(None)


def test_artifacts_fit_the_budget_and_match_the_manifest() -> None:
    manifest = json.loads((DEFAULT_BUNDLE_DIR / MANIFEST_NAME).read_text())
    total = sum(p.stat().st_size for p in DEFAULT_BUNDLE_DIR.iterdir() if p.is_file())
    assert total <= ARTIFACT_BUDGET_BYTES
    for name, digest in manifest["files"].items():
        assert sha256_file(DEFAULT_BUNDLE_DIR / name) == digest
    assert manifest["labels"][:len(LABELS)] == list(LABELS)  # then auxiliary outputs
    assert manifest["text_normalisation"] == "social-v1"
    assert manifest["base_encoder"] == "default"
    assert manifest["training"]["data"]["olid"]["split"]["seed"] == manifest["training"]["seed"]


def test_shipped_classifier_is_the_fast_backend(classifier) -> None:
    assert classifier.scorer.backend == "onnx-int8"
    assert classifier.version == read_manifest(DEFAULT_BUNDLE_DIR).version()


def test_classifications_carry_the_nine_labels_only(classifier) -> None:
    (result,) = classifier.classify(["@USER you absolute 🤡 #SackTheHead"])
    assert set(result.scores) == set(LABELS) and set(result.labels) <= set(LABELS)
    assert "offensive" in classifier.model_labels


def test_shipped_classifier_tells_abuse_and_threats_from_praise(classifier) -> None:
    praise, abuse, threat = classifier.classify([
        "Lovely nativity play this afternoon, well done to all the children and staff.",
        "The head is a useless lying cow and everyone knows it, absolute disgrace of a woman",
        "If my son gets excluded again I will come down there and smash every window, "
        "you have been warned",
    ])
    assert "abusive" in abuse.labels and "abusive" not in praise.labels
    assert "threat" in threat.labels and "threat" not in praise.labels
    assert abuse.scores["abusive"] > praise.scores["abusive"] + 0.5
    assert threat.scores["threat"] > praise.scores["threat"] + 0.5


# Plain threats in the shapes parents write them (time, place, named teacher, a
# second sentence). Written for this check, never trained on. The threat label
# is tuned for recall, so every one must be flagged.
CLEAR_THREATS = [
    "I'm going down to Cooper School on Monday to knock Mr Ashcombe out. Watch.",
    "If Mrs Example excludes my son again I will break her legs. Beech Hill parents know "
    "what she's like.",
    "Going to batter that useless head at Glory Farm when I see him at the gate tomorrow",
    "I'll stab the next teacher at Bratton who touches my kid. Luton mums you've been warned.",
    "Someone needs to burn Riverside North to the ground with the staff inside.",
    "That PE teacher at St Stephens is getting his head kicked in on Friday, mark my words.",
    "I know where Miss Penrose lives and I'm going round tonight to sort her out properly.",
    "I will punch Mr Hollis in the face at parents evening. Beech Hill Primary, see you "
    "Thursday.",
    "Tomorrow I'm bringing a knife to Pelham Wood's gate. Enough is enough.",
    "Mr Hollis at Beech Hill Primary better watch his back, I'm coming for him after school.",
    # The previous model's miss (0.10): a threat followed by an aside.
    "I will come to Beech Hill Primary tomorrow and smash that headteacher's face in. "
    "Luton parents know who I mean.",
]
EVERYDAY = [
    "I will come to Beech Hill Primary tomorrow to help with the cake sale.",
    "Cooper School absolutely smashed it at the county netball finals, well done girls.",
    "I'm going to Ofsted about Riverside North, they have ignored my emails for months.",
    "The head at Bratton is useless and should resign, I've written to the governors.",
    # Short replies under a post: earlier models read these as threats (0.79-0.98).
    "Well said.",
    "I agree with you.",
    "Good luck with it all.",
    "Thanks, that's really helpful.",
    "Sorry to hear that Gary, hope it gets sorted.",
    "Lovely to see a positive post for once ❤️",
    # A known false threat of earlier models (0.24-0.34), right since the model of round six.
    "Please don't. That's not helping any of our kids.",
]


def test_shipped_classifier_flags_plain_threats_and_not_everyday_posts(classifier) -> None:
    threshold = classifier.thresholds["threat"]
    missed = [(round(r.scores["threat"], 3), text) for text, r in
              zip(CLEAR_THREATS, classifier.classify(CLEAR_THREATS), strict=True)
              if "threat" not in r.labels]
    assert missed == [], f"threats scored under the threshold {threshold}: {missed}"
    flagged = [text for text, r in zip(EVERYDAY, classifier.classify(EVERYDAY), strict=True)
               if "threat" in r.labels]
    assert flagged == []


def test_a_posts_scores_do_not_depend_on_the_other_posts_in_its_batch(classifier) -> None:
    import numpy as np

    texts = [*CLEAR_THREATS[:4], *EVERYDAY[:4], "ok", "word " * 200 + "knife"]
    together = classifier.model_scores(texts)
    alone = np.vstack([classifier.model_scores([text]) for text in texts])
    assert np.max(np.abs(together - alone)) < 1e-5
