"""How the LaTeX cover letters of the gold set were turned into plain text (a collection aid).

The letters collected from resume repositories are LaTeX sources; their text was taken as
``strip_tex(source)``: the body of the ``cvletter``/``letter``/``document`` environment, with
comments removed, ``\\href{url}{text}`` written as ``text (url)``, list items as ``- `` lines,
formatting commands dropped and paragraphs joined. The SHA-256 in ``letters.csv`` is of the text
as collected (after this step and the hand edits the ``note`` column names, if any). Nothing
here fetches anything.
"""

from __future__ import annotations

import re


def strip_tex(src: str) -> str:
    """Plain text of a LaTeX letter (see the module docstring)."""
    src = re.sub(r"(?<!\\)%.*", "", src)
    for b, e in ((r"\\begin\{cvletter\}", r"\\end\{cvletter\}"), (r"\\begin\{letter\}(?:\{[^}]*\})?", r"\\end\{letter\}"),
                 (r"\\begin\{document\}", r"\\end\{document\}")):
        m = re.search(b + r"(.*?)" + e, src, re.S)
        if m:
            src = m.group(1)
            break
    src = re.sub(r"\\lettersection\{([^}]*)\}", r"\n\n\1\n\n", src)
    src = re.sub(r"\\(?:opening|closing)\{([^}]*)\}", r"\n\n\1\n\n", src)
    src = re.sub(r"\\(?:href)\{([^}]*)\}\{([^}]*)\}", r"\2 (\1)", src)
    src = re.sub(r"\\url\{([^}]*)\}", r"\1", src)
    for _ in range(3):
        src = re.sub(r"\\(?:textbf|textit|emph|underline|textsc|texttt|mbox|hl|color\{[^}]*\})\{([^{}]*)\}", r"\1", src)
    src = re.sub(r"\\item\s*", "\n- ", src)
    src = re.sub(r"\\(?:begin|end)\{[^}]*\}(?:\[[^]]*\])?", "\n", src)
    src = re.sub(r"\\\\(?:\[[^]]*\])?", "\n", src)
    src = src.replace("\\&", "&").replace("\\%", "%").replace("\\$", "$").replace("\\#", "#").replace("~", " ")
    src = src.replace("``", "\u201c").replace("''", "\u201d").replace("---", "\u2014").replace("--", "\u2013")
    src = re.sub(r"\\[a-zA-Z]+\*?(?:\[[^]]*\])?(?:\{[^{}]*\})*", "", src)
    src = re.sub(r"[{}]", "", src)
    src = re.sub(r"[ \t]+", " ", src)
    src = re.sub(r" *\n *", "\n", src)
    paras = [re.sub(r"\n(?!- )", " ", p).strip() for p in re.split(r"\n\s*\n", src)]
    return "\n\n".join(p for p in paras if p).strip()
