"""The typed callback context: handlers reach the services through ``context.services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

if TYPE_CHECKING:
    from bot.telegram.services import Services


class BotData:
    """The application's ``bot_data``: the services, attached once by ``build_application``."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the services are not attached to this application")
        return self._services

    @services.setter
    def services(self, services: Services) -> None:
        self._services = services


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler of this bot receives."""

    @property
    def services(self) -> Services:
        """The bot's services (engine, question log, flood guard, admin notices)."""
        return self.bot_data.services
