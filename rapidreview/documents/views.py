from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from rapidreview.access.policy import Action, files_visible_to, require
from rapidreview.audit.decorators import audit_page_view

from . import services
from .forms import UploadForm


@require_GET
@audit_page_view
def file_list(request):
    require(request.user, Action.UPLOAD_FILE)
    files = files_visible_to(request.user).select_related("uploaded_by")
    page = Paginator(files, 50).get_page(request.GET.get("page"))
    return render(request, "documents/file_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def file_upload(request):
    require(request.user, Action.UPLOAD_FILE)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            stored = services.file_store(
                actor=request.user, uploaded_file=form.cleaned_data["file"]
            )
            messages.success(request, f"{stored.original_name} has been uploaded")
            return redirect("documents:file_list")
    else:
        form = UploadForm()
    return render(request, "documents/file_upload.html", {"form": form})


@require_GET
def file_download(request, public_id):
    stored = get_object_or_404(files_visible_to(request.user), public_id=public_id)
    content = services.file_open(actor=request.user, stored_file=stored)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.response_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    # Should a browser ever render it, nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
