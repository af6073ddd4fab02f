"""postsale's web app (``pip install 'postsale[web]'``): Django 5.2 + HTMX 2 + django-ninja over the
same API as the CLI (``postsale.api``). Nothing outside this package imports Django."""
