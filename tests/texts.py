"""Shared example texts for the feature tests (hand-written; see each constant)."""

EMPTY = ""
WHITESPACE = "  \n\t "
ONE_WORD = "Hello"
#: Non-English (German, Russian, Chinese): words, sentences and '?' still count.
NON_ENGLISH = "Guten Tag! Ich habe Ihr Projekt gelesen. Привет, как дела? 你好世界。"
#: Missing cover letters as pandas and CSV readers give them: treated as empty text.
MISSING = (None, float("nan"))
#: Chinese only, Russian only, emoji only, and "bold" mathematical letters (styled Unicode, not
#: Latin letters): words the syllable heuristic cannot read.
CHINESE = "你好世界。我们可以帮助你。"
RUSSIAN = "Привет, как дела?"
EMOJI = "👍 🎉🚀 ❤️"
STYLED = "𝐇𝐞𝐥𝐥𝐨 𝐭𝐡𝐞𝐫𝐞"
#: A 200,000-character text: 5,000 copies of a 40-character, 9-word, 10-syllable sentence.
LONG_SENTENCE = "I will finish your app on time for you. "
LONG_200K = LONG_SENTENCE * 5000
assert len(LONG_200K) == 200_000

#: A proposal template and a light-edit copy (greeting name and one sentence changed), plus two
#: unrelated letters in the same niche (Shopify web development).
TEMPLATE = (
    "Hi Sarah,\n\n"
    "I read your post about rebuilding the Shopify store and I would love to help. "
    "I am a Shopify developer with six years of experience building fast, clean stores. "
    "Last year I rebuilt a fashion store and cut its load time from 6 seconds to 2 seconds, "
    "which increased sales by 35%. "
    "I usually start with a short audit of the theme, the apps and the checkout, then send a "
    "plan with a fixed price and a timeline. "
    "You will get daily updates and I always deliver on time. "
    "Here is my portfolio: https://example.com/work\n\n"
    "Which apps are you using right now? Could we schedule a quick call this week?\n\n"
    "Best regards,\nAnna"
)
TEMPLATE_COPY = (
    "Hi Michael,\n\n"
    "I read your post about rebuilding the Shopify store and I would love to help. "
    "I am a Shopify developer with six years of experience building fast, clean stores. "
    "Last year I rebuilt a fashion store and cut its load time from 6 seconds to 2 seconds, "
    "which increased sales by 35%. "
    "I usually start with a short audit of the theme, the apps and the checkout, then send a "
    "plan with a fixed price and a timeline. "
    "I can also migrate your products and customer accounts from WooCommerce without downtime. "
    "Here is my portfolio: https://example.com/work\n\n"
    "Which apps are you using right now? Could we schedule a quick call this week?\n\n"
    "Best regards,\nAnna"
)
UNRELATED_SAME_NICHE = (
    "Hello David,\n\n"
    "Your Shopify store needs a custom product configurator, and that is exactly what I built "
    "for a furniture brand last spring. Customers pick fabric, size and legs, see the price "
    "update live, and the order reaches the warehouse with every option attached. "
    "I work with Liquid, JavaScript and the Storefront API, and I test on real phones before "
    "anything goes live. How many product types need the configurator, and do you already "
    "have the option prices in a spreadsheet? "
    "I can share a demo link in a message.\n\nThanks,\nAnna"
)
UNRELATED_SAME_NICHE_2 = (
    "Dear Hiring Manager,\n\n"
    "I have been a Shopify expert for many years and have done many stores for clients all over "
    "the world. I can fix your theme bugs, speed up the pages and set up the apps you need. "
    "My clients say I communicate well and I am available full time. "
    "Please message me so we can discuss the details.\n\nKind regards,\nAnna"
)
