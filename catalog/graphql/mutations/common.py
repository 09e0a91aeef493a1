"""What the catalogue's mutations share: finding what an ID names, as the caller sees it."""

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from catalog.selectors import media_visible_to, products_visible_to, variants_visible_to
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.graphql.core.ids import get_by_id
from marketplace.graphql.core.mutations import user_of


# A caller who may not see a product (another producer's draft) gets NOT_FOUND, exactly as for
# an ID that names nothing: refusing with PERMISSION_DENIED would tell them it exists.
def visible_product(info, global_id: str, field: str = "id"):
    visible = products_visible_to(user_of(info)).select_related("vendor")
    return get_by_id(visible, global_id, "Product", field=field)


def visible_variant(info, global_id: str, field: str = "id"):
    return get_by_id(
        variants_visible_to(user_of(info)).select_related("product__vendor"),
        global_id,
        "ProductVariant",
        field=field,
    )


def visible_media(info, global_id: str, field: str = "id"):
    return get_by_id(
        media_visible_to(user_of(info)).select_related("product__vendor"),
        global_id,
        "ProductMedia",
        field=field,
    )


def uploaded_file(value, field: str):
    """The file of an `Upload` argument: a client that sends a string instead of a file (no
    multipart request) gets a payload error, not a crash."""
    if value is None:
        raise ServiceError.single(ErrorCode.REQUIRED, _("Choose a file to upload."), field)
    if not isinstance(value, UploadedFile):
        raise ServiceError.single(
            ErrorCode.INVALID,
            _("Send the file itself, in a multipart request (GraphQL multipart request spec)."),
            field,
        )
    return value
