"""The broker of a machine with nothing configured: kombu's filesystem transport, made safe to read while
it is being written.

kombu's own transport writes each message straight into the queue folder under its final name, and a
consumer moves any file with that name away and parses it. Its lock is an advisory flock that a rename
ignores, so a consumer can take a message that is still empty and die on it ("Unrecoverable error:
JSONDecodeError"), which stops the worker of `make run`. Here a message is written under a name no
consumer takes (`… .msg.part`) and renamed to its final name once complete: a rename is atomic, so a
consumer sees a whole message or none. A consumer takes a message by renaming it into the processed
folder beside the queue (never across file systems, where a move is a copy two consumers could both
make), then reads it there.

An exchange's bindings (the control folder's `<exchange>.exchange`) had the same fault: kombu creates the
file empty and then locks it, so a publisher could read "" in between, and two processes binding at
once could each create it and keep only their own queue. Here every change to a table is made under a
lock file of its own and lands by an atomic rename, and a reader needs no lock.
"""

import fcntl
import logging
import os
import uuid
from collections.abc import Callable
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem, virtual
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

# For Celery's `broker_transport` setting: the URL's scheme alone would choose kombu's own transport.
TRANSPORT = f"{__name__}:Transport"
PARTIAL = ".part"
UNREADABLE = ".unreadable"
logger = logging.getLogger(__name__)


def transport_for(url: str) -> str | None:
    """The transport to name beside `url`: ours for a filesystem URL, else the one its scheme names."""
    return TRANSPORT if url.startswith("filesystem://") else None


Table = list[filesystem.exchange_queue_t]


def _write_whole(path: str, data: bytes) -> None:
    """`path` holds `data` or what it held before, never a part of `data` (synced before the rename, so
    a power cut does not leave the final name empty). A writer killed before the rename leaves a
    `.part` file that no consumer takes."""
    partial = f"{path}.{uuid.uuid4().hex}{PARTIAL}"
    try:
        with open(partial, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    except BaseException:
        if os.path.exists(partial):
            os.remove(partial)
        raise


class Channel(filesystem.Channel):
    def get_table(self, exchange):
        file = self._exchange_file(exchange)
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ChannelError(f"Cannot read the broker's bindings {file}: {exc}") from exc
        try:
            rows = loads(bytes_to_str(data))
        except ValueError as exc:  # an empty or damaged table, as kombu's own transport could leave
            raise ChannelError(
                f"The broker's bindings {file} cannot be read ({exc}); stop the worker and delete the file"
            ) from exc
        return [filesystem.exchange_queue_t(*row) for row in rows]

    def _change_table(self, exchange, change: Callable[[Table], Table | None]) -> None:
        """Read, change and write `exchange`'s table while holding its lock; `change` returns the new
        table, or None to leave it as it is."""
        file = self._exchange_file(exchange)
        try:
            self.control_folder.mkdir(parents=True, exist_ok=True)
            with open(f"{file}.lock", "ab") as lock:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file closes
                changed = change(self.get_table(exchange))
                if changed is not None:
                    _write_whole(str(file), str_to_bytes(dumps(changed)))
        except OSError as exc:
            raise ChannelError(f"Cannot change the broker's bindings {file}: {exc}") from exc

    def _queue_bind(self, exchange, routing_key, pattern, queue):
        row = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(exchange, lambda table: None if row in table else [row, *table])

    def _delete(self, queue, exchange, routing_key, pattern, *args, **kwargs):
        virtual.Channel._delete(self, queue, exchange, routing_key, pattern, *args, **kwargs)
        row = filesystem.exchange_queue_t(routing_key or "", pattern or "", queue or "")
        self._change_table(
            exchange, lambda table: [other for other in table if other != row] if row in table else None
        )

    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)  # written as `<final>.<hex>.part`: not taken
        try:
            os.makedirs(self.data_folder_out, exist_ok=True)
            _write_whole(final, str_to_bytes(dumps(payload)))
        except OSError as exc:
            raise ChannelError(
                f"Cannot add a message to the broker folder {self.data_folder_out}: {exc}"
            ) from exc

    def _get(self, queue):
        wanted = f"{queue}.msg"
        try:
            os.makedirs(self.data_folder_in, exist_ok=True)
            os.makedirs(self.processed_folder, exist_ok=True)
            names = sorted(os.listdir(self.data_folder_in))
        except OSError as exc:
            raise ChannelError(f"Cannot read the broker folder {self.data_folder_in}: {exc}") from exc
        for name in names:
            if name.partition(".")[2] != wanted:
                continue
            taken = os.path.join(self.processed_folder, name)
            try:
                os.rename(os.path.join(self.data_folder_in, name), taken)
            except FileNotFoundError:
                continue  # another consumer took it first
            except OSError as exc:
                raise ChannelError(
                    f"Cannot take a message from the broker folder {self.data_folder_in}: {exc}"
                ) from exc
            try:
                with open(taken, "rb") as file:
                    payload = file.read()
            except OSError as exc:
                raise ChannelError(f"Cannot read the message {taken}: {exc}") from exc
            try:
                message = loads(bytes_to_str(payload))
            except ValueError:
                # Empty or damaged (kombu's own transport could leave such a file): set aside where it
                # can be read, never handed to the worker, whose consumer would die on it.
                os.replace(taken, f"{taken}{UNREADABLE}")
                logger.warning("Set aside an unreadable broker message: %s%s", taken, UNREADABLE)
                continue
            if not self.store_processed:
                os.remove(taken)
            return message
        raise Empty()


class Transport(filesystem.Transport):
    Channel = Channel
