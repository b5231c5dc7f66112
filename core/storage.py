"""File storage for uploads that are never served by URL."""

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="core.storage.PrivateFileStorage")
class PrivateFileStorage(FileSystemStorage):
    """Files under MEDIA_ROOT with no public address: a view reads and hands them out after
    checking access, so nothing may ever build a link to the file itself."""

    def url(self, name):
        raise ValueError("Private files have no URL; link to the view that serves them.")
