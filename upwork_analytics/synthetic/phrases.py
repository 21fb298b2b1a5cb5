"""Phrase banks for the synthetic sample: jobs, proposals and interview messages per niche.

Sentences are templates with ``{slots}``; the generator fills the slots from the niche's word
lists, so the same template reads differently from proposal to proposal. Each bank is large
enough that proposals written from scratch rarely share a sentence word for word.
"""

from __future__ import annotations

FREELANCER = {"name": "Alex Moreno", "first": "Alex", "site": "https://alexmoreno.dev"}

CLIENT_FIRST_NAMES = [
    "Sarah", "Michael", "Priya", "David", "Emma", "Tomasz", "Olivia", "James", "Aisha", "Lukas",
    "Sofia", "Daniel", "Mei", "Robert", "Fatima", "Jonas", "Chloe", "Carlos", "Hannah", "Kenji",
    "Laura", "Ahmed", "Grace", "Mateo", "Ingrid", "Noah", "Zara", "Peter", "Elena", "Samuel",
    "Nadia", "Oliver", "Yuki", "Marcus", "Isabel", "Rahul", "Julia", "Ethan", "Leila", "Henrik",
]
CLIENT_LAST_INITIALS = list("ABCDEFGHJKLMNOPRSTVWZ")
COMPANY_WORDS = ["bright", "north", "blue", "peak", "urban", "green", "swift", "lumen", "oak",
                 "harbor", "pixel", "atlas", "summit", "river", "nova"]
COMPANY_SUFFIX = ["labs", "works", "studio", "co", "digital", "health", "goods", "media"]
COUNTRIES = [("United States", 0.42), ("United Kingdom", 0.12), ("Canada", 0.08),
             ("Australia", 0.07), ("Germany", 0.07), ("Netherlands", 0.04), ("India", 0.05),
             ("United Arab Emirates", 0.04), ("France", 0.03), ("Singapore", 0.03),
             ("Israel", 0.02), ("Sweden", 0.03)]

# Competition bands as Upwork shows them, with sampling weights for cold proposals.
BANDS = [("Less than 5", 0, 5, 0.12), ("5 to 10", 5, 10, 0.22), ("10 to 15", 10, 15, 0.2),
         ("15 to 20", 15, 20, 0.16), ("20 to 50", 20, 50, 0.22), ("50+", 50, None, 0.08)]

NICHES: dict[str, dict] = {
    "Web Development": {
        "weight": 0.34,
        "fixed_budget": (250, 4000),
        "hourly_budget": (20, 70),
        "tools": ["React", "Next.js", "WordPress", "Django", "Node.js", "Tailwind", "Vue",
                  "Laravel", "TypeScript", "PostgreSQL"],
        "things": ["landing page", "web app", "client portal", "booking site", "admin dashboard",
                   "marketing site", "membership site", "SaaS front end"],
        "clients": ["a dental clinic", "a logistics startup", "a fintech company",
                    "a nonprofit", "a law firm", "a fitness studio", "an online school"],
        "metrics": ["page load time", "bounce rate", "time to first byte", "Lighthouse score",
                    "sign-up conversion", "server costs", "support tickets"],
        "title": ["{tool} developer needed for {thing}", "Build a {thing} in {tool}",
                  "Fix and speed up our {tool} {thing}", "{tool} expert to finish a {thing}",
                  "Redesign {thing} with {tool} and {tool2}", "Senior {tool} engineer for {thing}"],
        "desc": [
            "We run {client_kind} and need a {thing} built with {tool}.",
            "Our current site is slow on mobile and the checkout breaks on Safari.",
            "The design is ready in Figma, so you will mostly be implementing it.",
            "You will work with our in-house designer and report to the product owner.",
            "The {thing} must integrate with {tool2} and our existing API.",
            "We expect clean, documented code and a short handover at the end.",
            "Links to similar {thing} projects you have shipped are a plus.",
            "Ideally you can start this week and overlap a few hours with US Eastern time.",
            "SEO matters to us, so server-side rendering is a plus.",
            "There is an existing codebase of about 40 components that needs refactoring.",
        ],
    },
    "Data Analytics": {
        "weight": 0.3,
        "fixed_budget": (200, 3000),
        "hourly_budget": (25, 80),
        "tools": ["Python", "SQL", "Power BI", "Tableau", "pandas", "dbt", "BigQuery", "Excel",
                  "Looker", "Snowflake"],
        "things": ["sales dashboard", "churn analysis", "KPI report", "data pipeline",
                   "forecast model", "marketing attribution model", "inventory report"],
        "clients": ["an e-commerce brand", "a SaaS company", "a chain of cafes",
                    "a recruitment agency", "a hospital group", "a real-estate firm"],
        "metrics": ["report preparation time", "forecast error", "customer churn",
                    "inventory costs", "ad spend waste", "manual data entry"],
        "title": ["{tool} analyst for {thing}", "Build a {thing} in {tool}",
                  "Need help with {thing} using {tool} and {tool2}",
                  "Data analyst: {thing} from messy spreadsheets", "{tool} expert for a {thing}"],
        "desc": [
            "We are {client_kind} and our data lives in spreadsheets and {tool2}.",
            "We need a {thing} that the management team can read without help.",
            "The numbers have to refresh automatically every morning.",
            "Our last analyst left the project half done, so some queries already exist.",
            "We have about two years of order data, roughly 300,000 rows.",
            "Documentation of every step is important to us.",
            "Experience with {tool} is required; {tool2} is a plus.",
            "The deadline is the end of the month, when we present to investors.",
            "Data privacy matters: you will work in our own cloud account.",
        ],
    },
    "Mobile Apps": {
        "weight": 0.2,
        "fixed_budget": (800, 8000),
        "hourly_budget": (30, 90),
        "tools": ["Flutter", "React Native", "Swift", "Kotlin", "Firebase", "Expo", "SwiftUI"],
        "things": ["fitness app", "delivery app", "booking app", "MVP", "loyalty app",
                   "chat feature", "habit tracker"],
        "clients": ["a restaurant group", "a health startup", "a travel agency",
                    "a local gym chain", "a retail brand"],
        "metrics": ["crash rate", "app store rating", "day-7 retention", "checkout time",
                    "build times", "in-app purchases"],
        "title": ["{tool} developer for a {thing}", "Build our {thing} in {tool}",
                  "Finish a {tool} {thing} and publish it", "Mobile developer: {thing} ({tool})",
                  "Fix crashes in our {tool} {thing}"],
        "desc": [
            "We are {client_kind} and want a {thing} on iOS and Android.",
            "The backend is on {tool2} and mostly done.",
            "Designs exist for about 25 screens.",
            "Push notifications and in-app payments are must-haves.",
            "The app must pass App Store review on the first try.",
            "We had a bad experience with an agency, so communication matters a lot.",
            "A first version should be in the stores within eight weeks.",
            "We need someone who can also advise on analytics and crash reporting.",
        ],
    },
    "E-commerce": {
        "weight": 0.16,
        "fixed_budget": (150, 2500),
        "hourly_budget": (18, 60),
        "tools": ["Shopify", "WooCommerce", "Klaviyo", "Liquid", "Stripe", "BigCommerce"],
        "things": ["Shopify store", "product page", "checkout flow", "theme customisation",
                   "store migration", "email flow", "subscription setup"],
        "clients": ["a skincare brand", "a coffee roaster", "a furniture shop",
                    "a pet food company", "a clothing label"],
        "metrics": ["conversion rate", "average order value", "cart abandonment",
                    "page speed", "repeat purchases", "email revenue"],
        "title": ["{tool} expert for {thing}", "Need a {tool} developer: {thing}",
                  "Speed up our {tool} store", "{thing} with {tool} and {tool2}",
                  "Migrate to {tool}: {thing}"],
        "desc": [
            "We are {client_kind} selling about 120 products.",
            "Our {thing} needs work before the holiday season.",
            "Mobile conversion is half of desktop and we do not know why.",
            "We use {tool2} for email and want it connected properly.",
            "The theme was customised by someone else and is hard to change.",
            "Please do not install apps without asking; we already pay for too many.",
            "We want to keep our SEO rankings during the change.",
        ],
    },
}

# The client's own questions in a job post: text and the keywords an answer must touch.
# Each has answers that address it (they reuse the keywords).
JOB_QUESTIONS = [
    {"q": "Have you worked with {tool} before?",
     "a": ["I have worked with {tool} for {years} years, most recently on a {thing}.",
           "Yes, {tool} is my main tool; I have shipped {n} projects with {tool}."]},
    {"q": "How long would this take you?",
     "a": ["How long it takes depends on the final scope; I estimate about {weeks} weeks "
           "including testing.",
           "Not long: roughly {weeks} weeks from kickoff to handover."]},
    {"q": "What is your availability this month?",
     "a": ["My availability this month is about {hours} hours a week, starting Monday.",
           "This month I have availability for {hours} hours a week."]},
    {"q": "Can you share a similar project?",
     "a": ["A similar project I can share is a {thing} for {client_kind}.",
           "The most similar project I did is a {thing}; I can share screenshots of it."]},
    {"q": "How would you approach the {thing}?",
     "a": ["I would approach the {thing} by auditing what exists, then building it in small "
           "weekly milestones.",
           "My approach to the {thing}: agree on scope, ship a first version, then iterate."]},
    {"q": "What is your rate for ongoing work?",
     "a": ["For ongoing work my rate is ${rate}/hr, and I offer a small discount on retainers.",
           "My rate for ongoing work is ${rate} per hour."]},
    {"q": "Do you have experience with {tool2}?",
     "a": ["I have experience with {tool2} as well, mainly for integrations.",
           "Yes, {tool2} experience too: I connected it to a {thing} last year."]},
    {"q": "How do you handle communication and updates?",
     "a": ["For communication I send short written updates every two days and a weekly demo.",
           "I handle updates with a short daily message and a shared board."]},
]

OPEN_PERSONAL = [
    "Hi {client_first},",
    "Hello {client_first},",
    "Hi {client_first}, thanks for the clear brief on the {title_short}.",
    "Dear {client_first},",
    "Hey {client_first}, I just read your post about the {title_short}.",
]
OPEN_JOB_REF = [
    "I read your post about the {title_short} and it matches what I do every week.",
    "Your {title_short} project caught my eye because I recently finished one like it.",
    "Regarding your {title_short}: I can take this on and deliver it cleanly.",
    "I saw that you need help with the {title_short}, and I have done exactly this before.",
]
OPEN_GENERIC = [
    "Dear Hiring Manager,",
    "Dear Sir/Madam,",
    "Hello,",
    "Hi there,",
    "Greetings,",
    "Dear Client,",
    "To whom it may concern,",
]
OPEN_NEUTRAL = [
    "I'm a freelance developer and analyst with {years} years of experience.",
    "My name is Alex and I build [[software|{tool} projects|tools]] for [[small businesses|growing teams|startups and agencies]].",
    "I have been freelancing full time since {since}.",
    "I specialise in [[projects like this one|{tool} work|{thing} projects]] and work with clients [[worldwide|in the US and Europe|across time zones]].",
]

EXPERIENCE = [
    "I have {years} years of hands-on experience with {tool} and {tool2}.",
    "Over the last {years} years I have built {n} projects for clients such as {client_kind}.",
    "Most of my recent work has been with {tool}, so I know its common pitfalls.",
    "Before freelancing I worked in-house at a {client_kind_bare} for {years2} years.",
    "I [[usually|mostly|tend to]] work with [[small teams|founders directly|lean startups|two- or three-person teams]], so I am used to [[wearing several hats|owning a feature end to end|filling gaps in the process]].",
    "I have a computer science degree and keep up with {tool} releases closely.",
    "Last year I built a {thing} for {client_kind} from the first sketch to launch.",
    "I work mostly with {tool}, but I am comfortable with {tool2} too.",
    "My background is a mix of [[engineering and product work|development and design|software and analytics]], [[which helps me ask the right questions|so I think about users, not just code|which keeps scope realistic]].",
    "I focus on [[maintainable|readable|boring, well-structured]] code that [[your next developer|anyone on your team|a future hire]] can pick up [[easily|in a day|without a long handover]].",
    "I [[like|do my best work on|prefer]] projects with a clear owner on the client side and [[short feedback loops|weekly check-ins|quick decisions]].",
    "I [[write|add|keep]] [[tests|automated checks|a small test suite]] for the [[critical|risky|money-related]] parts so [[changes|later edits|new features]] do not break what already works.",
    "[[Clients|Past clients|Most clients]] tell me my [[documentation|handover notes|written updates]] [[is the part they did not expect|saved them hours later|made onboarding easy]].",
    "I am based in [[Lisbon|Portugal|Western Europe]] and [[work European hours|keep a flexible schedule]] with [[some|a few hours of|daily]] overlap with the US.",
]
RESULTS = [
    "For {client_kind} I cut {metric} by {pct}% in {weeks} weeks.",
    "My last {thing} increased {metric} by {pct}% within two months of launch.",
    "I reduced {metric} from {before} to {after} for a recent client.",
    "One redesign I did lifted {metric} {mult}x in a quarter.",
    "A {tool} rebuild I led saved the client ${money} a year in {metric}.",
    "I improved {metric} by {pct}% for {client_kind} after a two-week audit.",
    "We grew {metric} by {pct}% after I rebuilt their {thing}.",
    "Automating the {thing} saved {client_kind} {hours2} hours of work per month.",
]
DUTIES = [
    "I was responsible for the {thing} at {client_kind}.",
    "I worked on the {thing} and its {tool} integration.",
    "My tasks included maintaining the {thing} and fixing bugs.",
    "I handled the {tool} side of a {thing} for {client_kind}.",
    "I took care of [[deployments|releases|the CI pipeline]] and [[code reviews|bug triage|QA]] on [[that project|the {thing}|their {tool} codebase]].",
    "I was part of the team that maintained their {thing}.",
]
QUESTIONS_TO_CLIENT = [
    "What does success look like for you three months after launch?",
    "Is there a hard deadline I should plan around?",
    "Who will review the work on your side?",
    "Do you already have designs, or should I propose a layout?",
    "Which part of the {thing} worries you most right now?",
    "How do you measure {metric} today?",
    "Are you open to a phased delivery, starting with the most valuable part?",
    "Do you have access to the analytics so I can see a baseline?",
    "What scope do you have in mind for later phases?",
    "Would you prefer daily updates or a weekly summary?",
    "Is the current {tool} setup documented anywhere?",
    "What has stopped this from being done so far?",
]
ENTHUSIASM = [
    "I'd love to help with this!",
    "This project sounds genuinely exciting to me.",
    "I'm really excited about what you are building!",
    "Honestly, this is the kind of work I enjoy most.",
    "I would be thrilled to be part of this!",
    "It sounds like a great project and I'm eager to start.",
    "I love this idea!",
    "What a fun project, I'm keen to get going!",
]
RELIABILITY = [
    "I always deliver on time and keep you updated along the way.",
    "I have never missed a deadline in {years} years of freelancing.",
    "I'm available {hours} hours a week and answer messages within a few hours.",
    "You can count on me to meet the deadline you set.",
    "I work in weekly milestones so you always know where things stand.",
    "I'm reliable and responsive: most clients hire me again.",
]
SOCIAL_PROOF = [
    "I'm Top Rated with a 100% Job Success Score.",
    "My clients leave 5-star reviews; you can read {n2} of them on my profile.",
    "Several of my clients are repeat clients who come back every quarter.",
    "I hold the Top Rated Plus badge and have {n2} five-star reviews.",
    "My last {n} clients all rated me 5.0 out of 5.",
    "A recent client wrote that I was 'the best hire we made this year'.",
]
PORTFOLIO = [
    "You can see my portfolio at {site}/work.",
    "Examples of my work: {site}/projects/{slug}.",
    "My portfolio is at {site} if you want to look at similar projects.",
    "Case studies are on {site}/case-studies.",
]
CALL_TO_ACTION = [
    "I'd suggest a quick call this week to discuss the details.",
    "Let's set up a 15-minute call to go over the scope.",
    "Happy to hop on a short video call whenever suits you.",
    "If this sounds good, send me a message and I can start tomorrow.",
    "Let me know a good time for a short chat.",
]
RATE_TALK = [
    "My rate is ${rate}/hr; for this scope I expect about {hours2} hours in total.",
    "I've bid ${bid}, which covers the full scope including testing.",
    "The budget looks a little tight for this scope, so I have proposed ${bid} and I can "
    "suggest what to cut if needed.",
    "For the budget you have, I'd suggest starting with the core features first.",
    "I've priced this at ${bid}; happy to split it into milestones.",
]
CLOSINGS = [
    "Best regards,\nAlex", "Thanks,\nAlex", "Kind regards,\nAlex Moreno", "Cheers,\nAlex",
    "Looking forward to hearing from you.\nAlex", "All the best,\nAlex",
]

# Interview threads.
CLIENT_OPENERS = [
    "Hi Alex, thanks for your proposal.",
    "Hello Alex, I liked your proposal and have a few questions.",
    "Hi Alex, thanks for applying.",
    "Hey Alex, your proposal stood out.",
    "Hi, thanks for getting back to us so quickly.",
]
CLIENT_FOLLOWUPS = [
    "Thanks, that helps.",
    "Great, that makes sense.",
    "OK, I need to discuss this with my partner.",
    "Sounds good so far.",
    "Thanks for the details.",
]
CLIENT_CONTACT = [
    "You can also reach me at {email} or on {phone}.",
    "My email is {email} if that is easier.",
    "Feel free to call me on {phone} after 5pm.",
]
MY_FILLER = [
    "Thanks for the quick reply.",
    "That makes sense.",
    "Good question.",
    "I have looked at your site again in the meantime.",
    "I can send a short written plan after our chat.",
    "I also noticed a few quick wins on your current site.",
    "I would keep the first milestone small so you can judge my work early.",
    "I am comfortable working in your time zone for the first week.",
    "There are a couple of ways to tackle the {metric} issue.",
    "I will keep progress notes in one document so nothing gets lost.",
    "I have done this kind of handover many times.",
    "Testing would happen on a staging copy first.",
]
MY_QUESTIONS = [
    "When would you like to start?",
    "Who else will be involved on your side?",
    "Do you have a staging environment I can use?",
    "What would make this a clear success for you?",
]
FOLLOW_UPS = [
    "Hi {client_first}, just following up on my last message. Happy to answer any questions.",
    "Hi {client_first}, checking in to see if you had a chance to review my proposal. No rush.",
    "Hello {client_first}, just a gentle follow-up. I'm still available for this project.",
    "Hi {client_first}, following up in case my previous message got buried. I'm happy to "
    "adjust the scope.",
]
CALL_MENTIONS = [
    "Would a short video call on Zoom work for you?",
    "I'm happy to do a quick call to walk through this.",
]
RATE_MENTIONS = [
    "On the rate: my usual rate is ${rate}/hr, but for a longer engagement I can be flexible.",
    "Regarding the budget, I can fit the first milestone into ${bid}.",
]
