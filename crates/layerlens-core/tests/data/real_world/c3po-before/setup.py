"""Setup file for C3PO."""
from setuptools import find_packages, setup

setup(name="c3po", version="1.0", packages=find_packages())
