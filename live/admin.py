from __future__ import annotations

from django.contrib import admin

from live.models import LiveDeployment, LiveEvent, LiveNotification


@admin.register(LiveDeployment)
class LiveDeploymentAdmin(admin.ModelAdmin):
    list_display = ("deploy_id", "project", "status", "node_name", "created")
    list_filter = ("status",)
    readonly_fields = ("deploy_id",)


@admin.register(LiveEvent)
class LiveEventAdmin(admin.ModelAdmin):
    list_display = ("deployment", "text", "user", "created")


@admin.register(LiveNotification)
class LiveNotificationAdmin(admin.ModelAdmin):
    list_display = ("deployment", "source", "kind", "target", "status", "qcc", "created")
    list_filter = ("kind", "status", "source")
