"""Hardened XML reading and the SpiffWorkflow parser Yichuang uses.

Uploaded BPMN is untrusted: it is read with entity resolution, DTD loading and network access switched off, any
DOCTYPE is refused outright (so an ``<!ENTITY x SYSTEM "file:///etc/passwd">`` is never read), and files over
5 MB are refused before parsing.
"""

from __future__ import annotations

from lxml import etree
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import CallActivityParser
from SpiffWorkflow.spiff.specs.defaults import UserTask

from workflows.actions import PlatformServiceTask, PlatformServiceTaskParser
from workflows.errors import BpmnError, BpmnProblem
from workflows.multiinstance import PlatformUserTaskParser
from workflows.specs import ItemApprovalCall
from workflows.timers import BoundaryEventParser, IntermediateCatchEventParser

MAX_BPMN_BYTES = 5 * 1024 * 1024

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
NSMAP = {"bpmn": BPMN_NS, "spiffworkflow": SPIFF_NS, "camunda": CAMUNDA_NS}

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": False,
}


def read_xml(content: bytes | str, filename: str) -> etree._Element:
    """Parse one uploaded file safely; raises BpmnError (one problem, with line number) if it cannot be read."""
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    if len(data) > MAX_BPMN_BYTES:
        raise _file_error(
            filename, f"文件太大（上限 5 MB） (file is {len(data)} bytes; the limit is {MAX_BPMN_BYTES} bytes)"
        )
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise _file_error(
            filename,
            "BPMN 文件不能含 DOCTYPE 或实体声明 (DOCTYPE and entity declarations are not allowed in BPMN files)",
        )
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno is not None else "?"
        raise _file_error(
            filename, f"XML 格式错误（第 {line} 行） (XML is not well-formed: {exc.msg} (line {line}))"
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _file_error(
            filename,
            "BPMN 文件不能含 DOCTYPE 或实体声明 (DOCTYPE and entity declarations are not allowed in BPMN files)",
        )
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise _file_error(
            filename, f"not a BPMN 2.0 file: root element is {etree.QName(root).localname!r}, expected bpmn:definitions"
        )
    return root


def _file_error(filename: str, message: str) -> BpmnError:
    return BpmnError([BpmnProblem("", "", message, filename)])


class ItemParser(SpiffBpmnParser):
    """Parses items' approval processes: SpiffArena-compatible extensions (form properties, pre/post scripts),
    timers the worker fires, service tasks bound to platform actions, multi-instance user tasks over an expression."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("userTask"): (PlatformUserTaskParser, UserTask),
        full_tag("serviceTask"): (PlatformServiceTaskParser, PlatformServiceTask),
        full_tag("boundaryEvent"): (BoundaryEventParser, BoundaryEvent),
        full_tag("intermediateCatchEvent"): (IntermediateCatchEventParser, IntermediateCatchEvent),
    }


class PlatformParser(SpiffBpmnParser):
    """Parses the platform process; its call activity binds to the item's approval and decides ``approved``."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("callActivity"): (CallActivityParser, ItemApprovalCall),
    }


def schema_validator() -> object:
    """The BPMN 2.0 + spiffworkflow XSD validator (loaded once by SpiffWorkflow at import)."""
    return VALIDATOR
