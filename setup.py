"""Packaging detail pyproject.toml cannot express: resources/ lives at the top of the repository
(so a checkout and the PyInstaller bundle find it in one place) and is shipped in the wheel as the
data-only package ``svdesk_resources``. svdesk.resources looks in all three places."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["svdesk", "svdesk.*"]) + ["svdesk_resources"],
    package_dir={"svdesk_resources": "resources"},
    package_data={"svdesk_resources": ["**/*"], "svdesk.migrations": ["*.mako"]},
)
