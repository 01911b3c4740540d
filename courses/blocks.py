"""StreamField blocks of the training manual, reused by lessons (``ContentStreamBlock``).

Every block has an icon, a template under ``courses/templates/courses/blocks/``, a
preview value for the admin's block picker and a translatable label. Trainer notes
in case studies render only for users allowed to see them (``can_see_trainer_notes``)
and never enter the search index. ``reading_text`` is a stream's text in one language,
for search snippets: the index holds both languages' citations and terms, a reader
of one language sees only theirs.
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from lms.i18n import active_language

TRAINER_NOTES_PERMISSION = "courses.view_trainer_notes"

PREVIEW_PARAGRAPH = (
    "<p>Article 2 of the Law on Anti-Trafficking in Persons defines trafficking more "
    "broadly than the Palermo Protocol: it also covers sham marriage, adoption and begging.</p>"
)


def reading_text(stream, language: str) -> str:
    """The text of a StreamField value as a reader of ``language`` sees it, as one string.

    Blocks with a ``get_reading_text(value, language)`` method give their words in that
    language only; the others give their searchable content.
    """
    parts = []
    for child in stream or ():
        get_reading_text = getattr(child.block, "get_reading_text", None)
        if get_reading_text is not None:
            parts += get_reading_text(child.value, language)
        else:
            parts += child.block.get_searchable_content(child.value)
    return "\n".join(strip_tags(str(part)) for part in parts if part)


def can_see_trainer_notes(user) -> bool:
    """Trainers and staff read the trainer notes of case studies; learners never do."""
    return bool(user and user.is_authenticated and user.has_perm(TRAINER_NOTES_PERMISSION))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading_block.html"
        preview_value = {"text": "Who is a victim of trafficking?", "level": "h2"}
        description = _("A heading that also appears in the chapter's table of contents.")

    def get_searchable_content(self, value):
        # Only the words: the level's label ("Heading") is not content.
        return [value["text"]]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "link", "ol", "ul", "document-link", "h3", "h4"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "courses/blocks/paragraph_block.html"
        preview_value = PREVIEW_PARAGRAPH
        description = _("Paragraphs of text with links and lists.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("note", _("Note")),
            ("warning", _("Warning")),
            ("good_practice", _("Good practice")),
        ],
        default="note",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    body = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout_block.html"
        preview_value = {
            "kind": "good_practice",
            "title": "Interview the victim once",
            "body": "<p>Agree the questions with the prosecutor before the interview.</p>",
        }
        description = _("A note, warning or good practice set apart from the text.")

    def get_searchable_content(self, value):
        return [value["title"], *self.child_blocks["body"].get_searchable_content(value["body"])]


class LegalProvisionBlock(blocks.StructBlock):
    law = blocks.CharBlock(
        label=_("Law"),
        max_length=255,
        help_text=_(
            "The law's name as it should be cited, e.g. Law on Anti-Trafficking in Persons."
        ),
    )
    article = blocks.CharBlock(label=_("Article number"), max_length=20)
    text = blocks.TextBlock(label=_("Quoted text"))
    link = blocks.URLBlock(label=_("Link to the law"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Legal provision")
        template = "courses/blocks/legal_provision_block.html"
        preview_value = {
            "law": "Law on Anti-Trafficking in Persons (2016)",
            "article": "41",
            "text": "Victims shall be identified, referred and given protection and assistance.",
            "link": "",
        }
        description = _("A quoted article of a law, cited with its number.")

    def get_searchable_content(self, value):
        # The citation as readers search for it, in both languages ("Article 41", "ມາດຕາ 41").
        article = value["article"]
        return [f"Article {article}", f"ມາດຕາ {article}", value["law"], value["text"]]

    def get_reading_text(self, value, language):
        # The citation as the page prints it, in the page's language only.
        article = value["article"]
        citation = f"ມາດຕາ {article}" if language == "lo" else f"Article {article}"
        return [citation, value["law"], value["text"]]


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    scenario = blocks.RichTextBlock(label=_("Scenario"), features=["bold", "italic", "ul", "ol"])
    questions = blocks.ListBlock(
        blocks.TextBlock(label=_("Question")), label=_("Discussion questions"), min_num=0
    )
    trainer_notes = blocks.RichTextBlock(
        label=_("Trainer notes"),
        required=False,
        features=["bold", "italic", "ul", "ol"],
        help_text=_("Shown to trainers only; learners never see these notes."),
    )

    class Meta:
        icon = "group"
        label = _("Case study")
        template = "courses/blocks/case_study_block.html"
        preview_value = {
            "title": "A job offer in a neighbouring country",
            "scenario": "<p>A 17-year-old is promised restaurant work across the border.</p>",
            "questions": ["Which elements of Article 2 are present?"],
            "trainer_notes": "<p>The victim's consent is irrelevant for a child.</p>",
        }
        description = _("A scenario with discussion questions and notes for trainers.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["show_trainer_notes"] = bool(
            value.get("trainer_notes") and can_see_trainer_notes(getattr(request, "user", None))
        )
        return context

    def get_searchable_content(self, value):
        # Trainer notes stay out of the index: search results must not quote them to learners.
        content = self.child_blocks["title"].get_searchable_content(value["title"])
        content += self.child_blocks["scenario"].get_searchable_content(value["scenario"])
        content += self.child_blocks["questions"].get_searchable_content(value["questions"])
        return content


class GlossaryTermChooserBlock(SnippetChooserBlock):
    """Chooses a glossary term; reads terms from the cached glossary instead of a query."""

    def __init__(self, **kwargs):
        super().__init__("courses.GlossaryTerm", **kwargs)

    def deconstruct(self):
        return ("courses.blocks.GlossaryTermChooserBlock", (), self._constructor_args[1])

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def bulk_to_python(self, values):
        from courses.models.manual import cached_glossary

        terms = cached_glossary()
        return [terms.get(value) if value is not None else None for value in values]


class KeyTermsBlock(blocks.StructBlock):
    terms = blocks.ListBlock(GlossaryTermChooserBlock(label=_("Term")), label=_("Terms"))

    class Meta:
        icon = "list-ul"
        label = _("Key terms")
        template = "courses/blocks/key_terms_block.html"
        description = _("Glossary terms used in this part, linked to their entries.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if not context.get("glossary_url"):
            # Outside the manual (e.g. in a lesson), link to the glossary of the active language.
            from courses.models import ManualPage

            manual = ManualPage.objects.live().filter(locale__language_code=active_language())
            manual = manual.first()
            request = context.get("request")
            context["glossary_url"] = manual.get_url(request) + "glossary/" if manual else ""
        return context

    def get_searchable_content(self, value):
        content = []
        for term in value["terms"]:
            if term is not None:
                content += [term.term_en, term.term_lo]
        return content

    def get_reading_text(self, value, language):
        return [
            term.term_lo if language == "lo" else term.term_en
            for term in value["terms"]
            if term is not None
        ]

    def get_preview_value(self):
        from courses.models import GlossaryTerm

        return self.normalize({"terms": list(GlossaryTerm.objects.order_by("pk")[:3])})


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image_block.html"
        description = _("An image with a caption and a credit, loaded only when scrolled to.")

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("pk").first()
        return self.normalize(
            {"image": image, "caption": "Border checkpoint", "credit": "IOM Lao PDR"}
        )


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave blank to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document_block.html"
        description = _("A file for learners to download, with its type and size.")

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("pk").first()
        return self.normalize({"document": document, "title": ""})


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)
    table = WagtailTableBlock(label=_("Table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "courses/blocks/table_block.html"
        preview_value = {
            "caption": "Penalties under Penal Code Article 215",
            "table": {
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "data": [
                    ["Offence", "Prison term"],
                    ["Trafficking in persons", "5 to 15 years"],
                ],
            },
        }
        description = _("A table with a caption; it scrolls sideways on phones.")


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=255)
    url = blocks.URLBlock(
        label=_("Video address"),
        help_text=_("Learners follow a link to the video, so the page stays light."),
    )
    duration = blocks.CharBlock(
        label=_("Duration"), required=False, max_length=20, help_text=_("e.g. 4:30")
    )
    transcript = blocks.RichTextBlock(
        label=_("Transcript"),
        features=["bold", "italic", "ul", "ol"],
        help_text=_("The full text of the video, for learners who cannot watch or hear it."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video_block.html"
        preview_value = {
            "title": "Identifying a victim at a border checkpoint",
            "url": "https://www.youtube.com/watch?v=example",
            "duration": "4:30",
            "transcript": "<p>The officer notices that the woman does not hold her passport.</p>",
        }
        description = _("A link to a video with its full text transcript.")


class ContentStreamBlock(blocks.StreamBlock):
    """The manual's block set; lessons reuse it."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    legal_provision = LegalProvisionBlock()
    case_study = CaseStudyBlock()
    key_terms = KeyTermsBlock()
    image = CaptionedImageBlock()
    document = DocumentBlock()
    table = TableBlock()
    video = VideoBlock()

    class Meta:
        label = _("Content")
