from __future__ import annotations

from django.contrib import admin

from community.models import Discussion, Flag, Post, Tag

admin.site.register(Tag)


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "created", "is_pinned", "is_locked", "is_hidden"]
    search_fields = ["title"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["id", "discussion", "author", "created", "is_hidden", "deleted"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["post", "user", "reason", "created", "resolved"]
