"""Pages, one module per area; each module's ``urlpatterns`` is mounted by ``postsale.web.urls``."""
