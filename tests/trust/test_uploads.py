"""Hostile files against every upload form of the product, through its real view.

Each target is a form a signed-in person of the right role really posts to: the avatar on the
profile page, a file answer of a call, cohort evidence, a hackathon submission file, a
showcase cover and a showcase gallery image. Each first receives a good file, then every
hostile file: an SVG with a script, HTML renamed .pdf and .png, a zip bomb (a few MB that
expand to GBs; a .zip where zips are not accepted), a 100-megapixel PNG, a file one byte over
the limit, and a JPEG-header + HTML polyglot. None may be accepted, each answer carries a form
error, and the good file stored before is still there afterwards.
"""

import io
import struct
import zipfile
import zlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from PIL import Image

from creaconnect.accounts.services import profile_for
from creaconnect.core.uploads import validate_upload
from hackathons.models import HackathonStatus, SubmissionFile, TeamStatus
from programme.models import Answer, MilestoneSubmission, QuestionKind
from showcase.models import GalleryImage, ShowcaseProject
from tests.factories import (
    CallFactory,
    CohortFactory,
    CohortMemberFactory,
    QuestionFactory,
    make_hackathon,
    make_milestone,
    make_team,
)

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
ERROR_FRAGMENTS = ("does not match its type", "Please upload", "too many pixels",
                   "the limit is", "expands to far more", "not an image we can read",
                   "The image is", "Upload a valid image")


# --- Hostile files ------------------------------------------------------------------------

def png_bytes(size=(64, 48), colour=(30, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def pdf_bytes(size=0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return body + b"%" * max(0, size - len(body))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(side=10_000) -> bytes:
    """A PNG whose header claims side×side pixels (100 megapixels) with a tiny body: the
    decoder would allocate the whole bitmap; the gate must refuse it from the header."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * (side + 1) * 16, 9)  # sixteen rows; the rest is missing
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + \
        _chunk(b"IEND", b"")


def zip_bomb(members=3, member_bytes=1 << 30) -> bytes:
    """A real, honest zip: ``members`` entries of 1 GiB of zeros each, a few MB on disk.

    One deflate block of 16 MiB of zeros is built once and repeated (each copy is a valid
    continuation of the stream, since the window is all zeros), so this costs milliseconds.
    """
    piece = 16 << 20
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(b"\x00" * piece) + comp.flush(zlib.Z_FULL_FLUSH)
    stream = block * (member_bytes // piece) + comp.flush()
    crc, zeros = 0, b"\x00" * piece
    for _ in range(member_bytes // piece):
        crc = zlib.crc32(zeros, crc)
    out, central = io.BytesIO(), []
    for i in range(members):
        name = f"part-{i}.bin".encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream),
                              member_bytes, len(name), 0) + name + stream)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                   len(stream), member_bytes, len(name), 0, 0, 0, 0, 0,
                                   offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, members, members,
                                      len(directory), start, 0))
    return out.getvalue()


def polyglot() -> bytes:
    """A JPEG start (SOI + JFIF APP0) followed by HTML."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + SCRIPT


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def hostile_files(bomb: bytes, *, limit: int, oversize_ext: str) -> list[tuple[str, str, bytes]]:
    """(label, file name, content) of every hostile file for a target whose limit is
    ``limit`` bytes and which accepts ``oversize_ext`` files."""
    over = (pdf_bytes(limit + 1) if oversize_ext == "pdf"
            else png_bytes() + b"\x00" * (limit + 1 - len(png_bytes())))
    return [
        ("svg with script", "drawing.svg",
         b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)'
         b"</script></svg>"),
        ("svg renamed .png", "drawing.png",
         b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("html renamed .pdf", "cv.pdf", SCRIPT),
        ("html renamed .png", "photo.png", SCRIPT),
        ("zip bomb", "archive.zip", bomb),
        ("100-megapixel png", "poster.png", huge_png()),
        ("one byte over the limit", f"big.{oversize_ext}", over),
        ("jpeg header + html polyglot", "photo.jpg", polyglot()),
    ]


def has_form_error(response) -> bool:
    html = response.content.decode()
    return response.status_code in (200, 422) and any(f in html for f in ERROR_FRAGMENTS)


# --- Targets: each posts a file through the real view and reports what is stored ----------

class Target:
    name = ""
    limit = 0
    oversize_ext = "pdf"

    def post(self, client, upload):
        raise NotImplementedError

    def stored(self):
        """What is stored now (compared before and after a hostile upload)."""
        raise NotImplementedError


class AvatarTarget(Target):
    name = "profile avatar"
    oversize_ext = "png"

    def __init__(self, client, user, settings):
        self.user, self.limit = user, settings.UPLOAD_MAX_BYTES["avatar"]
        client.force_login(user)

    def post(self, client, upload):
        return client.post("/account/profile/", {
            "user-display_name": "Ana", "user-preferred_language": "en",
            "profile-country": "ES", "profile-city": "", "profile-organisation": "",
            "profile-skills": "", "profile-gender": "", "profile-bio": "",
            "profile-avatar": upload})

    def stored(self):
        return profile_for(self.user).avatar.name


class ApplicationFileTarget(Target):
    name = "call application file answer"

    def __init__(self, client, user, hub):
        with scope(hub=hub):
            self.call = CallFactory(hub=hub, slug="hostile-call")
            self.question = QuestionFactory(call=self.call, kind=QuestionKind.FILE, step=1,
                                            allowed_extensions=["pdf", "png", "jpg", "zip"],
                                            max_file_mb=1)
        self.limit = 1024 * 1024
        self.user = user
        client.force_login(user)
        client.post(reverse("programme:apply", kwargs={"slug": self.call.slug}))
        self.url = reverse("programme:apply_step", kwargs={"slug": self.call.slug, "step": 1})

    def post(self, client, upload):
        return client.post(self.url, {f"q{self.question.pk}": upload, "save": "1"})

    def stored(self):
        with scopes_disabled():
            answer = Answer.objects.filter(question=self.question,
                                           application__applicant=self.user).first()
        return answer.file.name if answer else None


class EvidenceTarget(Target):
    name = "cohort milestone evidence"

    def __init__(self, client, user, hub, settings):
        with scopes_disabled():
            cohort = CohortFactory(hub=hub, slug="hostile-cohort")
            self.member = CohortMemberFactory(cohort=cohort, user=user)
        self.milestone = make_milestone(cohort)
        self.limit = settings.UPLOAD_MAX_BYTES["evidence"]
        client.force_login(user)
        self.url = reverse("programme:milestone_evidence", kwargs={
            "hub": hub.slug, "cohort": cohort.slug, "milestone": self.milestone.pk})

    def post(self, client, upload):
        p = f"m{self.milestone.pk}"
        return client.post(self.url, {f"{p}-text": "My canvas", f"{p}-file": upload})

    def stored(self):
        with scopes_disabled():
            sub = MilestoneSubmission.objects.filter(member=self.member).first()
        return sub.file.name if sub else None


class SubmissionFileTarget(Target):
    name = "hackathon submission file"

    def __init__(self, client, hub):
        h = make_hackathon(hub, status=HackathonStatus.RUNNING, slug="hostile-hack",
                           submission_deadline=timezone.now() + timedelta(days=2))
        self.team = make_team(h, size=2, status=TeamStatus.LOCKED)
        self.hub, self.limit = hub, SubmissionFile.MAX_BYTES
        client.force_login(self.team.captain)
        self.url = reverse("hackathons:submission", kwargs={"slug": h.slug,
                                                            "pk": self.team.pk})

    def post(self, client, upload):
        return client.post(self.url + "files/", {"file": upload})

    def stored(self):
        with scope(hub=self.hub):
            return sorted(f.file.name for f in SubmissionFile.objects.filter(
                submission__team=self.team))


class ShowcaseCoverTarget(Target):
    name = "showcase cover"
    oversize_ext = "png"

    slug = "hostile-cover"

    def __init__(self, client, hub, staff, settings):
        self.hub, self.limit = hub, settings.UPLOAD_MAX_BYTES["showcase_image"]
        client.force_login(staff)
        self.form = {"title": "Hostile", "slug": self.slug, "tagline": "t", "story": "s",
                     "theme": "urban", "stage": "prototype", "countries": ["FR"],
                     "disciplines": ["design"], "looking_for": [], "source_kind": "",
                     "video_url": "", "website": "", "cover_alt": "", "source_label": ""}
        client.post(reverse("showcase_console:create", kwargs={"hub_slug": hub.slug}),
                    self.form)
        with scope(hub=hub):
            self.project = ShowcaseProject.objects.get(slug=self.slug)
        self.url = reverse("showcase_console:edit", kwargs={"hub_slug": hub.slug,
                                                            "pk": self.project.pk})

    def post(self, client, upload):
        return client.post(self.url, {**self.form, "cover_upload": upload})

    def stored(self):
        with scope(hub=self.hub):
            p = ShowcaseProject.objects.get(pk=self.project.pk)
        return p.cover.name, p.cover_card.name


class ShowcaseGalleryTarget(ShowcaseCoverTarget):
    name = "showcase gallery image"
    slug = "hostile-gallery"

    def __init__(self, client, hub, staff, settings):
        super().__init__(client, hub, staff, settings)
        self.url = reverse("showcase_console:image_add", kwargs={"hub_slug": hub.slug,
                                                                 "pk": self.project.pk})

    def post(self, client, upload):
        return client.post(self.url, {"image": upload, "alt": "x"})

    def stored(self):
        with scope(hub=self.hub):
            return sorted(GalleryImage.objects.filter(project=self.project)
                          .values_list("image", flat=True))


def targets(client, hub_a, staff_a, participant, settings):
    return [
        lambda: AvatarTarget(client, participant, settings),
        lambda: ApplicationFileTarget(client, participant, hub_a),
        lambda: EvidenceTarget(client, participant, hub_a, settings),
        lambda: SubmissionFileTarget(client, hub_a),
        lambda: ShowcaseCoverTarget(client, hub_a, staff_a, settings),
        lambda: ShowcaseGalleryTarget(client, hub_a, staff_a, settings),
    ]


def good_file(target) -> SimpleUploadedFile:
    if isinstance(target, (AvatarTarget, ShowcaseCoverTarget)):
        return SimpleUploadedFile("good.png", png_bytes(), content_type="image/png")
    return SimpleUploadedFile("good.pdf", pdf_bytes(), content_type="application/pdf")


# --- Tests ---------------------------------------------------------------------------------

def test_no_hostile_file_is_accepted_by_any_upload_form(client, hub_a, staff_a, participant,
                                                         settings, bomb, capsys):
    tried, accepted, without_error = 0, [], []
    for make in targets(client, hub_a, staff_a, participant, settings):
        target = make()
        response = target.post(client, good_file(target))
        assert response.status_code == 302, (target.name, response.status_code)
        before = target.stored()
        assert before, f"{target.name}: the good file was not stored"
        for label, name, content in hostile_files(bomb, limit=target.limit,
                                                  oversize_ext=target.oversize_ext):
            tried += 1
            response = target.post(client, SimpleUploadedFile(name, content))
            if response.status_code == 302 or target.stored() != before:
                accepted.append(f"{target.name}: {label}")
            elif not has_form_error(response):
                without_error.append(f"{target.name}: {label} -> {response.status_code}")
    with capsys.disabled():
        print(f"\n[uploads] hostile files tried: {tried}, accepted: {len(accepted)}")
    assert tried == 6 * 8
    assert accepted == [], accepted
    assert without_error == [], without_error


def test_images_are_reencoded_without_exif(settings):
    image = Image.new("RGB", (40, 30), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera"  # Make
    exif[0x013B] = "Home address of the author"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"Secret Camera" in out.getvalue()
    checked = validate_upload(SimpleUploadedFile("me.jpeg", out.getvalue()), kind="avatar")
    data = checked.read()
    assert b"Secret Camera" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert checked.name == "me.jpg"


def test_ordinary_files_pass_the_gate(settings):
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>Plan</w:document>" * 50)
    for name, content in (("plan.pdf", pdf_bytes()), ("notes.md", "# Plan\n\nÉtape 1".encode()),
                          ("plan.docx", docx.getvalue())):
        upload = SimpleUploadedFile(name, content)
        assert validate_upload(upload, kind="evidence") is upload


@pytest.mark.parametrize(("name", "content"), [
    ("notes.txt", b"<!DOCTYPE html><script>alert(1)</script>"),
    ("notes.txt", b"plain\x00binary"),
    ("notes.md", b"\xff\xfe not utf-8"),
    ("plan.docx", b"PK\x03\x04 not really a zip"),
])
def test_disguised_text_and_broken_archives_are_refused(name, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile(name, content), kind="evidence")


def test_a_zip_whose_headers_lie_is_refused(settings, bomb):
    """Declared sizes say 1 byte each while the content is GBs: the members are read back
    (never past their declared size) and their checksums do not match."""
    from django.core.exceptions import ValidationError

    data = bytearray(bomb)
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # patch uncompressed sizes to 1
        start = 0
        while (at := data.find(sig, start)) != -1:
            field = at + (22 if sig == b"PK\x03\x04" else 24)
            data[field:field + 4] = struct.pack("<I", 1)
            start = at + 4
    with pytest.raises(ValidationError) as exc:
        validate_upload(SimpleUploadedFile("a.zip", bytes(data)), kind="evidence")
    assert exc.value.code in ("zip_bomb", "file_content")


@pytest.mark.parametrize(("path", "public"), [
    ("applications/1/2/cv.pdf", False),
    ("hackathons/submissions/1/plan.pdf", False),
    ("milestones/1/2/canvas.pdf", False),
    ("reports/2026/01/report.pdf", False),
    ("showcase/covers/private-copy.png", False),  # a public shape, but in private storage
    ("showcase/covers/cover.png", True),
    ("avatars/1/me.png", True),
])
def test_media_serves_only_reencoded_public_images(client, path, public):
    """Private uploads never come from /media/ (only through permission-checked download
    views, as attachments); the public storage holds only images we re-encoded."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from creaconnect.core.storage import public_storage

    storage = public_storage() if public else default_storage
    name = storage.save(path, ContentFile(png_bytes()))
    try:
        response = client.get(f"/media/{name}")
        assert response.status_code == (200 if public else 404)
        if public:
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
            assert response["Content-Type"] == "image/png"
            response.close()
    finally:
        storage.delete(name)


def test_call_form_builder_refuses_file_types_we_cannot_check(hub_a):
    from programme.calls.forms import QuestionForm

    data = {"label": "Your portfolio", "kind": QuestionKind.FILE, "help_text": "",
            "required": "", "step": "1", "order": "", "word_limit": "", "choices": "",
            "max_file_mb": "5"}
    refused = QuestionForm(data={**data, "allowed_extensions": "pdf, svg, html, exe"})
    assert not refused.is_valid()
    assert "svg, html, exe" in str(refused.errors["allowed_extensions"])
    accepted = QuestionForm(data={**data, "allowed_extensions": ".PDF, docx png"})
    assert accepted.is_valid(), accepted.errors
    assert accepted.cleaned_data["allowed_extensions"] == ["pdf", "docx", "png"]


def test_nothing_is_accepted_where_no_checkable_type_is_allowed():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="No file can be accepted"):
        validate_upload(SimpleUploadedFile("a.pdf", pdf_bytes()), kind="application",
                        extensions=["svg", "exe"])
