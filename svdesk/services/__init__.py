"""Use-cases the UI and the command line call. Each opens one short session and returns plain
dataclasses; no live session or model object leaves a service."""
