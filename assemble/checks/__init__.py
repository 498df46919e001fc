"""Checks that need the whole report (after resolve); `assemble check` and `assemble build` run them.

Checks that belong to one stage live in that stage (front matter in load/, unclosed ':::'
blocks and stray footnote marks in parse/lint.py, unknown keys and labels in resolve/).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from assemble.checks.accessibility import check_accessibility
from assemble.checks.bib import check_bibliography, check_source_languages
from assemble.checks.headings import check_titles
from assemble.checks.localised import check_localised
from assemble.checks.sections import check_sections, check_stray_files
from assemble.checks.words import check_word_limit
from assemble.load import Workspace
from assemble.model import Report
from assemble.problems import BuildError, Problem, Problems


def run_checks(workspace: Workspace, report: Report, problems: Problems, final: bool = False) -> None:
    check_stray_files(workspace.root, problems)
    check_sections(workspace.sources, problems, final)
    check_titles(report, workspace.sources, problems)
    check_bibliography(workspace.bib, report.cited, problems)
    if report.language == workspace.config.language:
        from assemble.translate.language import canonical
        from assemble.translate.source import translation_folder

        check_source_languages(workspace.root, workspace.config, workspace.bib, report.cited, problems)
        for lang in workspace.config.translations:
            # once a translation is under way (translations/<lang>/ exists); before that the
            # gaps are listed by `status --lang` and by the translated build itself
            if canonical(lang) and translation_folder(workspace.root, lang).is_dir():
                check_localised(workspace.config, lang, problems)
    else:
        check_localised(workspace.config, report.language, problems)
    check_word_limit(report, workspace.treaty, problems, final)
    check_cjk_font(workspace.root, report, problems)
    check_accessibility(workspace, report, problems, final)
    if final:  # the submission checklist of the selected body
        from assemble.checks.submission import check_placeholders, submission_checklist

        submission_checklist(workspace, report, problems)
        check_placeholders(workspace, problems)


def check_cjk_font(root: Path, report: Report, problems: Problems) -> None:
    """Chinese, Japanese or Korean text with no font for it would print as blank boxes in the PDF."""
    from assemble.render.pdf.fonts import CJK, cjk_fonts
    from assemble.resolve import section_text

    for section in report.sections:
        text = "\n".join(section_text(section))
        if not CJK.search(text):
            continue
        own: list[str] = []
        if report.config.fonts and (root / report.config.fonts).is_dir():
            import typst

            own = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                              font_paths=[str(root / report.config.fonts)]).families()
        if cjk_fonts(text, own) is None:
            problems.warning(section.loc.file, None, "this section (or a source it cites) has Chinese, Japanese or "
                             "Korean text, and no font for it is installed: the PDF would show empty boxes",
                             "install the fonts-noto-cjk package, or put a CJK font (e.g. Noto Serif CJK) in the "
                             "folder named by 'fonts:' in report.yml")
        return


@contextmanager
def template_errors(root: Path, problems: Problems):
    """A broken templates/*.j2 is the user's to fix: name the file and line, not a traceback."""
    import jinja2

    from assemble.paths import Refused
    from assemble.templates_loader import FIX, render_errors

    def stop(problem: Problem) -> BuildError:
        if problem not in problems.items:
            problems.items.append(problem)
        return BuildError(problems.errors)

    try:
        yield
    except BuildError as exc:  # raised while reading a template (not UTF-8, a macro missing)
        for problem in exc.problems:
            if problem not in problems.items:
                problems.items.append(problem)
        raise BuildError(problems.errors) from None
    except Refused as exc:
        raise stop(Problem(problems.rel(exc.path), None, exc.message, hint=exc.hint)) from None
    except jinja2.TemplateNotFound as exc:  # `{% include %}` of a file that is not in templates/
        found = render_errors(exc, root)
        where, line = (found.file, found.line) if found else (problems.rel(root / "templates"), None)
        raise stop(Problem(where, line, f"template error: there is no template '{exc.name}' to include",
                           hint="a template may include only files in templates/ (a path without '..')")) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _template_file(root, exc.name or exc.filename or "")
        raise stop(Problem(problems.rel(where), exc.lineno, f"template error: {exc.message}", hint=FIX)) from None
    except jinja2.TemplateError as exc:
        where = _template_file(root, getattr(exc, "name", None) or "")
        raise stop(Problem(problems.rel(where), None, f"template error: {exc}", hint=FIX)) from None
    except Exception as exc:  # noqa: BLE001 - only errors raised by template code are the user's
        problem = render_errors(exc, root)
        if problem is None:
            raise
        raise stop(problem) from None


def _template_file(root: Path, name: str) -> Path:
    own = root / "templates" / Path(name).name
    return own if name and own.exists() else root / "templates"
