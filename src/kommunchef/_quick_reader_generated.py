"""The quick reader's functions (:mod:`kommunchef.quick_reader`), one per model class.

Generated from the model's attrs fields by ``python -m kommunchef.quick_reader_source``: do not edit.
"""
from __future__ import annotations

import datetime
import kommunchef.json_values
import kommunchef.model
from typing import Any


class Refused(Exception):
    """The quick reader cannot read the document; the careful reader says why."""


string = kommunchef.json_values.string
MAX_NESTING = kommunchef.json_values.MAX_NESTING
date_2: Any = kommunchef.json_values.SCALARS[datetime.date]
DocumentKind_3: Any = kommunchef.json_values.choice(kommunchef.model.DocumentKind)
default_4: Any = kommunchef.model.DocumentKind.MINUTES
MeetingStatus_5: Any = kommunchef.json_values.choice(kommunchef.model.MeetingStatus)
default_6: Any = kommunchef.model.MeetingStatus.HELD
Language_7: Any = kommunchef.json_values.choice(kommunchef.model.Language)
default_8: Any = kommunchef.model.Language.SV
datetime_9: Any = kommunchef.json_values.SCALARS[datetime.datetime]
int_10: Any = kommunchef.json_values.SCALARS[int]
Person_13: Any = kommunchef.model.Person
factory_14: Any = tuple
Link_21: Any = kommunchef.model.Link
Paragraph_22: Any = kommunchef.model.Paragraph
Heading_24: Any = kommunchef.model.Heading
NumberedList_30: Any = kommunchef.model.NumberedList
ListItem_31: Any = kommunchef.model.ListItem
BulletList_32: Any = kommunchef.model.BulletList
FollowUp_35: Any = kommunchef.model.FollowUp
AgendaItem_36: Any = kommunchef.model.AgendaItem
time_38: Any = kommunchef.json_values.SCALARS[datetime.time]
bool_39: Any = kommunchef.json_values.SCALARS[bool]
UpcomingMeeting_40: Any = kommunchef.model.UpcomingMeeting
Recorder_42: Any = kommunchef.model.Recorder
Meeting_43: Any = kommunchef.model.Meeting


def read_Person_12(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 1
    v = o['name']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    if 'organisation' in o:
        k += 1
        v = o['organisation']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a1 = v
    else:
        a1 = None
    if 'title' in o:
        k += 1
        v = o['title']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a2 = v
    else:
        a2 = None
    if 'email' in o:
        k += 1
        v = o['email']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a3 = v
    else:
        a3 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return Person_13(a0, a1, a2, a3)


def shared_Person_11(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        return read_Person_12(o, r)
    try:
        key = tuple(o.items())
        found = r.people.get(key)
    except TypeError:  # a value that is not text: the reader refuses it
        return read_Person_12(o, r)
    if found is None:
        found = r.people[key] = read_Person_12(o, r)
    else:
        r.keys += len(o)
    return found


def read_Link_20(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    v = o['text']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    v = o['url']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a1 = v
    if k != len(o):
        raise Refused
    r.keys += k
    return Link_21(a0, a1)


def inline_19(v: Any, r: Any) -> Any:
    if v.__class__ is str:
        if v:
            return v
        raise Refused
    return read_Link_20(v, r)


def read_Paragraph_18(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    if 'type' not in o:
        raise Refused
    v = o['content']
    if v.__class__ is not list:
        raise Refused
    v = tuple([inline_19(i, r) for i in v])
    a0 = v
    if k != len(o):
        raise Refused
    r.keys += k
    return Paragraph_22(a0)


def read_Heading_23(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    if 'type' not in o:
        raise Refused
    v = o['text']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    if k != len(o):
        raise Refused
    r.keys += k
    return Heading_24(a0)


def read_NumberedList_29(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    if 'type' not in o:
        raise Refused
    v = o['items']
    if v.__class__ is not list:
        raise Refused
    v = tuple([read_ListItem_26(i, r) for i in v])
    a0 = v
    if 'start' in o:
        k += 1
        v = o['start']
        if v.__class__ is not int:
            v = int_10(v)
        a1 = v
    else:
        a1 = 1
    if k != len(o):
        raise Refused
    r.keys += k
    return NumberedList_30(a0, a1)


def block_27(v: Any, r: Any) -> Any:
    if v.__class__ is not dict:
        raise Refused
    return tags_28[v['type']](v, r)


def read_ListItem_26(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 1
    v = o['content']
    if v.__class__ is not list:
        raise Refused
    v = tuple([inline_19(i, r) for i in v])
    a0 = v
    if 'sublist' in o:
        k += 1
        v = o['sublist']
        if v is not None:
            if r.depth >= MAX_NESTING:
                raise Refused
            r.depth += 1
            v = block_27(v, r)
            r.depth -= 1
        a1 = v
    else:
        a1 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return ListItem_31(a0, a1)


def read_BulletList_25(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    if 'type' not in o:
        raise Refused
    v = o['items']
    if v.__class__ is not list:
        raise Refused
    v = tuple([read_ListItem_26(i, r) for i in v])
    a0 = v
    if k != len(o):
        raise Refused
    r.keys += k
    return BulletList_32(a0)


def block_16(v: Any, r: Any) -> Any:
    if v.__class__ is not dict:
        raise Refused
    return tags_17[v['type']](v, r)


def read_Paragraph_33(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 1
    v = o['content']
    if v.__class__ is not list:
        raise Refused
    v = tuple([inline_19(i, r) for i in v])
    a0 = v
    if k != len(o):
        raise Refused
    r.keys += k
    return Paragraph_22(a0)


def read_FollowUp_34(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 1
    v = o['text']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    if 'owner' in o:
        k += 1
        v = o['owner']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a1 = v
    else:
        a1 = None
    if 'due' in o:
        k += 1
        v = o['due']
        if v is not None:
            v = date_2(v)
        a2 = v
    else:
        a2 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return FollowUp_35(a0, a1, a2)


def read_AgendaItem_15(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    v = o['number']
    if v.__class__ is not int:
        v = int_10(v)
    a0 = v
    v = o['title']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a1 = v
    if 'presenters' in o:
        k += 1
        v = o['presenters']
        if v.__class__ is not list:
            raise Refused
        v = tuple([shared_Person_11(i, r) for i in v])
        a2 = v
    else:
        a2 = factory_14()
    if 'body' in o:
        k += 1
        v = o['body']
        if v.__class__ is not list:
            raise Refused
        v = tuple([block_16(i, r) for i in v])
        a3 = v
    else:
        a3 = factory_14()
    if 'decisions' in o:
        k += 1
        v = o['decisions']
        if v.__class__ is not list:
            raise Refused
        v = tuple([read_Paragraph_33(i, r) for i in v])
        a4 = v
    else:
        a4 = factory_14()
    if 'follow_ups' in o:
        k += 1
        v = o['follow_ups']
        if v.__class__ is not list:
            raise Refused
        v = tuple([read_FollowUp_34(i, r) for i in v])
        a5 = v
    else:
        a5 = factory_14()
    if k != len(o):
        raise Refused
    r.keys += k
    return AgendaItem_36(a0, a1, a2, a3, a4, a5)


def read_UpcomingMeeting_37(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 2
    v = o['date']
    v = date_2(v)
    a0 = v
    v = o['title']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a1 = v
    if 'end_date' in o:
        k += 1
        v = o['end_date']
        if v is not None:
            v = date_2(v)
        a2 = v
    else:
        a2 = None
    if 'start_time' in o:
        k += 1
        v = o['start_time']
        if v is not None:
            v = time_38(v)
        a3 = v
    else:
        a3 = None
    if 'end_time' in o:
        k += 1
        v = o['end_time']
        if v is not None:
            v = time_38(v)
        a4 = v
    else:
        a4 = None
    if 'location' in o:
        k += 1
        v = o['location']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a5 = v
    else:
        a5 = None
    if 'cancelled' in o:
        k += 1
        v = o['cancelled']
        if v.__class__ is not bool:
            v = bool_39(v)
        a6 = v
    else:
        a6 = False
    if 'note' in o:
        k += 1
        v = o['note']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a7 = v
    else:
        a7 = None
    if 'id' in o:
        k += 1
        v = o['id']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a8 = v
    else:
        a8 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return UpcomingMeeting_40(a0, a1, a2, a3, a4, a5, a6, a7, a8)


def read_Recorder_41(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 1
    v = o['name']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    if 'title' in o:
        k += 1
        v = o['title']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a1 = v
    else:
        a1 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return Recorder_42(a0, a1)


def read_Meeting_1(o: Any, r: Any) -> Any:
    if o.__class__ is not dict:
        raise Refused
    k = 3
    if 'format_version' not in o:
        raise Refused
    v = o['id']
    if not (v.__class__ is str and v and v.strip() is v):
        v = string(v)
    a0 = v
    v = o['date']
    v = date_2(v)
    a1 = v
    if 'body' in o:
        k += 1
        v = o['body']
        if not (v.__class__ is str and v and v.strip() is v):
            v = string(v)
        a2 = v
    else:
        a2 = 'Kommunchefsgruppen'
    if 'organisation' in o:
        k += 1
        v = o['organisation']
        if not (v.__class__ is str and v and v.strip() is v):
            v = string(v)
        a3 = v
    else:
        a3 = 'GR'
    if 'kind' in o:
        k += 1
        v = o['kind']
        v = DocumentKind_3(v)
        a4 = v
    else:
        a4 = default_4
    if 'status' in o:
        k += 1
        v = o['status']
        v = MeetingStatus_5(v)
        a5 = v
    else:
        a5 = default_6
    if 'language' in o:
        k += 1
        v = o['language']
        v = Language_7(v)
        a6 = v
    else:
        a6 = default_8
    if 'start' in o:
        k += 1
        v = o['start']
        if v is not None:
            v = datetime_9(v)
        a7 = v
    else:
        a7 = None
    if 'end' in o:
        k += 1
        v = o['end']
        if v is not None:
            v = datetime_9(v)
        a8 = v
    else:
        a8 = None
    if 'location' in o:
        k += 1
        v = o['location']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a9 = v
    else:
        a9 = None
    if 'url' in o:
        k += 1
        v = o['url']
        if v is not None:
            if not (v.__class__ is str and v and v.strip() is v):
                v = string(v)
        a10 = v
    else:
        a10 = None
    if 'revision' in o:
        k += 1
        v = o['revision']
        if v.__class__ is not int:
            v = int_10(v)
        a11 = v
    else:
        a11 = 0
    if 'present' in o:
        k += 1
        v = o['present']
        if v.__class__ is not list:
            raise Refused
        v = tuple([shared_Person_11(i, r) for i in v])
        a12 = v
    else:
        a12 = factory_14()
    if 'absent' in o:
        k += 1
        v = o['absent']
        if v.__class__ is not list:
            raise Refused
        v = tuple([shared_Person_11(i, r) for i in v])
        a13 = v
    else:
        a13 = factory_14()
    if 'guests' in o:
        k += 1
        v = o['guests']
        if v.__class__ is not list:
            raise Refused
        v = tuple([shared_Person_11(i, r) for i in v])
        a14 = v
    else:
        a14 = factory_14()
    if 'agenda' in o:
        k += 1
        v = o['agenda']
        if v.__class__ is not list:
            raise Refused
        v = tuple([read_AgendaItem_15(i, r) for i in v])
        a15 = v
    else:
        a15 = factory_14()
    if 'upcoming' in o:
        k += 1
        v = o['upcoming']
        if v.__class__ is not list:
            raise Refused
        v = tuple([read_UpcomingMeeting_37(i, r) for i in v])
        a16 = v
    else:
        a16 = factory_14()
    if 'recorded_by' in o:
        k += 1
        v = o['recorded_by']
        if v is not None:
            v = read_Recorder_41(v, r)
        a17 = v
    else:
        a17 = None
    if k != len(o):
        raise Refused
    r.keys += k
    return Meeting_43(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17)


tags_28 = {'bullet_list': read_BulletList_25, 'numbered_list': read_NumberedList_29}
tags_17 = {'paragraph': read_Paragraph_18, 'heading': read_Heading_23, 'bullet_list': read_BulletList_25, 'numbered_list': read_NumberedList_29}
read_document = read_Meeting_1
