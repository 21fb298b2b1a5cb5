"""The feature registry: every feature's name, meaning, unit, the advice it tests and how it is
computed. It fixes the output column order and renders ``docs/features.md``."""

from __future__ import annotations

from upwork_analytics.features.spec import FeatureSpec

#: Families in output order: (name, featurizer class, what it reads).
FAMILIES: dict[str, tuple[str, str]] = {
    "text_stats": ("TextStatsFeaturizer", "the cover letter"),
    "opening": ("OpeningFeaturizer", "the cover letter, job title and client name"),
    "content": ("ContentFeaturizer", "the cover letter"),
    "reuse": ("TemplateFeaturizer", "the cover letter and when it was sent, against earlier "
              "proposals"),
    "tailoring": ("TailoringFeaturizer", "the cover letter, job title and job description"),
    "context": ("ContextFeaturizer", "the proposal's other columns (no text)"),
}


_F = FeatureSpec
_EMPTY_NAN = "; null for empty text"

FEATURES: dict[str, FeatureSpec] = {f.name: f for f in (
    _F("word_count", "text_stats", "Length of the cover letter.", "words, >= 0",
       "#4 be concise but detailed", "`word_count`: words are runs of letters/digits with inner "
       "apostrophes, hyphens, periods or commas; a link is one word."),
    _F("sentence_count", "text_stats", "Number of sentences.", "sentences, >= 0",
       "#4 be concise but detailed", "`sentence_count`: a fast rule-based splitter (punctuation "
       "+ space, blank lines, list items; skips abbreviations, decimals, URLs, mid-sentence "
       "ellipses), checked against NLTK's Punkt on examples."),
    _F("mean_sentence_words", "text_stats", "Average sentence length.",
       "words per sentence" + _EMPTY_NAN, "#4 be concise", "`mean_sentence_words`: "
       "word_count / sentence_count."),
    _F("reading_grade", "text_stats", "US school grade needed to read the text; higher is "
       "harder.", "grade (can be < 0); null for empty text and for text mostly not in Latin "
       "letters (Chinese, Russian, emoji only)", "#4 be concise; plain writing",
       "`reading_grade`: Flesch-Kincaid, 0.39 words/sentence + 11.8 syllables/word - 15.59, "
       "syllables by a vowel-group heuristic over the Latin-alphabet words; computed only when "
       "at least half of the words are Latin-alphabet words."),
    _F("question_count", "text_stats", "Questions asked to the client.", "questions, >= 0",
       "#3 ask thoughtful questions", "`question_count`: sentences ending in '?' (a '?' inside "
       "a link does not count)."),
    _F("exclamation_count", "text_stats", "Exclamation marks.", "marks, >= 0",
       "#5 show enthusiasm", "`exclamation_count`: number of '!' characters."),
    _F("you_i_ratio", "text_stats", "Client focus: talk about 'you / your' against 'I / my'.",
       "share 0-1 (1 = only 'you'); null when neither occurs", "#1, #8 focus on the client",
       "`you_i_ratio`: you-words / (you-words + I-words); I-words include me, my, mine."),
    _F("opening_personalized", "opening", "The first 240 characters greet the client by name "
       "or refer to the job.", "0/1", "#8 don't be generic; #1 tailor",
       "`opening_personalized`: the client's first name as a whole word, or (name unknown) a "
       "greeting followed by a capitalised name; or a reference to the post ('your post', "
       "'I saw that you need', 'you're looking for', 'regarding your'); or >= min(2, k) of the "
       "k stemmed job-title keywords within 4 words after 'you' / 'your' ('your Shopify "
       "store'; the job's words in a sentence about my own work are `job_overlap`). A generic "
       "greeting followed by a job reference is both generic and personalised."),
    _F("opening_generic", "opening", "The opening greets no one in particular ('Dear Hiring "
       "Manager', 'Dear Sir/Madam', a bare 'Hello,').", "0/1", "#8 don't be generic",
       "`opening_generic`: the first line's greeting has no addressee or a generic one (hiring "
       "manager, sir/madam, there, team, ...), or 'to whom it may concern'."),
    _F("result_phrase_count", "content", "Quantified outcomes: percentages, money saved or "
       "earned, multipliers, before-and-after numbers tied to a result.", "phrases, >= 0",
       "#6 highlight results, not responsibilities", "`result_phrase_count`: quantities "
       "(from X to Y, N%, $N, Nx, doubled, saved N hours) in sentences with a result word "
       "(increased, cut, saved, sales, traffic, ...); other numbers, and money in a sentence "
       "about my price, do not count."),
    _F("enthusiasm_score", "content", "Enthusiasm: lexicon words, exclamations and positive "
       "sentiment.", "score 0-1" + _EMPTY_NAN, "#5 show enthusiasm", "`enthusiasm_score`: mean "
       "of min(enthusiasm words, 3)/3, min('!', 3)/3 and max(sentiment, 0)."),
    _F("sentiment", "content", "Overall tone from negative to positive.",
       "score -1..1" + _EMPTY_NAN + "; 0 without English lexicon words (other languages)", "#5 show enthusiasm (tone)", "`sentiment`: sum of VADER "
       "lexicon valences (vaderSentiment's shipped `vader_lexicon.txt`, negation within 3 "
       "words flips x -0.74), normalised s / sqrt(s^2 + 15); a fast approximation of VADER's "
       "compound score."),
    _F("social_proof", "content", "Mentions of reviews, ratings, testimonials, repeat clients, "
       "badges.", "mentions, >= 0", "#9 mention positive feedback", "`social_proof`: count of "
       "patterns (5-star, great feedback, rated me 5.0 out of 5, a 4.9/5 rating, a client "
       "wrote, repeat clients, Top Rated, Job Success, ...); overlapping matches count once."),
    _F("reliability_mentions", "content", "Mentions of deadlines, being on time, availability, "
       "responsiveness.", "mentions, >= 0", "#9 show you are reliable", "`reliability_mentions`"
       ": count of phrases (deadline, on time, available, responsive, N hours a week, "
       "weekly milestones, keep you updated, ...)."),
    _F("has_portfolio_link", "content", "Contains a link (portfolio, work sample).", "0/1",
       "#2 show related experience; evidence", "`has_portfolio_link`: an http(s)/www link "
       "or a bare domain with a common top-level domain (e-mail addresses do not count)."),
    _F("call_to_action", "content", "Proposes a call or a next step.", "0/1",
       "#13 offer a call; close with a next step", "`call_to_action`: patterns such as "
       "'schedule a quick call', 'let's discuss', 'can we talk', 'message me', 'next steps'."),
    _F("mentions_rate", "content", "Talks about budget, rate or price.", "0/1",
       "#7 handle rates and budgets gracefully", "`mentions_rate`: rate, budget, price, cost, "
       "quote, fee, bid, hourly, fixed price, payment, $N/hr, 'for $N' (not metrics such as "
       "'conversion rate', 'crash rate' or 'server costs', not money saved)."),
    _F("template_similarity", "reuse", "Copy-paste reuse: the highest similarity to one's own "
       "earlier proposals.", "similarity 0-1; 0 for the first proposal and for empty text",
       "#8 don't copy-paste", "`template_similarity`: set cosine of word bigrams, maximum over "
       "earlier proposals (by submitted_at); exact up to 2,000 proposals, else MinHash-LSH "
       "candidates (near-linear; a pair at 0.8 is found with probability 0.997)."),
    _F("job_overlap", "tailoring", "Tailoring: how many of the job post's keywords the "
       "proposal uses.", "share 0-1; null when the job text is missing or the letter empty",
       "#1 tailor to the post", "`job_overlap`: share of the job's stemmed keywords (all title "
       "keywords + the 20 most frequent description keywords, stop words removed) present in "
       "the letter."),
    _F("client_question_coverage", "tailoring", "Share of the questions in the job post that "
       "the proposal addresses.", "share 0-1; null when the post asks none",
       "#10 answer every part; #1 read the post closely", "`client_question_coverage`: "
       "questions are sentences ending in '?', requests ('Tell me about', 'Describe', "
       "'Please share') and items under 'Please answer the following:'; one is addressed when "
       ">= half of its stemmed keywords appear in the letter."),
    _F("bid_to_budget_ratio", "context", "Bid relative to the client's budget.",
       "ratio > 0; null when bid or budget is unknown", "#7 handle rates and budgets",
       "`bid_amount / ((budget_min + budget_max) / 2)`, a missing end taken from the other."),
    _F("is_hourly", "context", "Hourly (1) or fixed-price (0) contract.", "0/1; null unknown",
       "context (control)", "`contract_type == 'hourly'`."),
    _F("connects_spent", "context", "Connects paid, base + boost.", "Connects; null unknown",
       "context: boosting", "`connects_spent + boost_connects` (boost taken as 0 unless the "
       "proposal is boosted with an unknown bid)."),
    _F("boosted", "context", "The proposal was boosted.", "0/1; null unknown",
       "context: boosting", "`boosted`, or 1 when `boost_connects > 0`."),
    _F("invited", "context", "The client invited me.", "0/1; null unknown",
       "context (control)", "`is_invited`."),
    _F("competition_low", "context", "Competition: the lower bound of the proposals band.",
       "proposals; null unknown", "context (control)", "`proposals_low`, else parsed from "
       "`proposals_band` ('Less than 5' = 0, '50+' = 50)."),
    _F("weekday_sent", "context", "Day of the week sent.", "0 = Monday .. 6 = Sunday (UTC)",
       "#12 respond quickly (timing)", "`submitted_at.weekday()` in UTC."),
    _F("hour_sent", "context", "Hour of the day sent.", "0-23 (UTC)", "#12 timing",
       "`submitted_at.hour` in UTC."),
    _F("months_since_first", "context", "Time since the first proposal (drift, experience).",
       "months (30.44 days), >= 0", "context: drift", "`(submitted_at - first submitted_at) / "
       "30.4375 days`; the first is learnt in `fit` (in `build_features`: the earliest row)."),
)}


def features_of(family: str) -> list[str]:
    """Names of the features of ``family``, in catalogue order."""
    return [f.name for f in FEATURES.values() if f.family == family]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_catalogue() -> str:
    """Render the feature catalogue (``docs/features.md``) as Markdown from ``FEATURES``."""
    lines = [
        "# Feature catalogue",
        "",
        "<!-- Generated by upwork_analytics.features.render_catalogue(); do not edit by hand.",
        "     Regenerate: python -c 'from upwork_analytics.features import render_catalogue as r; "
        "print(r(), end=\"\")' > docs/features.md -->",
        "",
        "`build_features(proposals)` returns one row per proposal: `proposal_id`, then these "
        f"{len(FEATURES)} columns in this order. Everything is computed offline (regular "
        "expressions, scikit-learn's English stop words, NLTK's Porter stemmer, the VADER "
        "lexicon shipped with vaderSentiment).",
        "",
        "Conventions: booleans are 0/1 floats; unknown is null (NaN). Empty or missing cover "
        "letter: counts 0, booleans 0, ratios, scores and readability null, "
        "`template_similarity` 0. Functions named in *How* are in `upwork_analytics.features`.",
        "",
    ]
    from upwork_analytics.features.threads import INTERVIEW_FAMILY, INTERVIEW_FEATURES

    lines += [f"With `messages`, the {len(INTERVIEW_FEATURES)} interview-thread features of "
              "the last section follow (null for proposals without a thread).", ""]
    for family, (cls, reads) in {**FAMILIES, **INTERVIEW_FAMILY}.items():
        lines += [f"## {family}: `{cls}`", "", f"Reads {reads}.", "",
                  "| Feature | Meaning | Unit | Advice tested | How |",
                  "|---|---|---|---|---|"]
        for f in {**FEATURES, **INTERVIEW_FEATURES}.values():
            if f.family == family:
                lines.append(f"| `{f.name}` | {_cell(f.meaning)} | {_cell(f.unit)} | "
                             f"{_cell(f.advice)} | {_cell(f.how)} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(render_catalogue(), end="")
