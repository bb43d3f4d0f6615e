# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Set-based free slot search: a few queries load the store's roster,
opening hours, rooms and busy intervals over the period, then every
candidate start is checked in memory with bisect."""
import datetime as dt
from bisect import bisect_right
from collections import defaultdict

from sql.operators import Or

from trytond.i18n import gettext
from trytond.model.fields import SQL_OPERATORS
from trytond.pool import Pool
from trytond.transaction import Transaction

from .common import format_local, to_local, to_utc
from .exceptions import (
    ConflictError, NoAvailabilityError, ResourceValidationError,
    ScheduleValidationError)

DAY = dt.timedelta(days=1)


class Intervals:
    "Sorted disjoint [start, end) intervals of one resource"
    __slots__ = ('starts', 'ends')

    def __init__(self, intervals=()):
        intervals = sorted(intervals)
        self.starts = [s for s, _ in intervals]
        self.ends = [e for _, e in intervals]

    def conflict(self, start, end):
        "Return the first interval overlapping [start, end) or None"
        # busy intervals never overlap, so ends are sorted like starts
        i = bisect_right(self.ends, start)
        if i < len(self.starts) and self.starts[i] < end:
            return self.starts[i], self.ends[i]

    def covers(self, start, end):
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end


class ServiceStep:
    "The timeline of one service relative to the appointment start"
    __slots__ = ('product', 'template', 'offset', 'duration',
        'employee_intervals', 'room_interval', 'room_type', 'skills',
        'employees', 'rooms', 'resource_types', 'resource_interval',
        'resources')

    def __init__(self, product, offset):
        self.product = product
        self.template = template = product.template
        duration, intervals, room = template.salon_timeline()
        self.offset = offset
        self.duration = duration
        self.employee_intervals = [
            (offset + s, offset + e) for s, e in intervals]
        self.room_type = template.salon_room_type
        self.room_interval = (
            (offset + room[0], offset + room[1]) if self.room_type else None)
        self.skills = {s.id for s in template.salon_skills}
        self.employees = []
        self.rooms = []
        # the extra resources are busy as long as the room
        self.resource_types = sorted(template.salon_resource_types or ())
        self.resource_interval = (offset + room[0], offset + room[1])
        self.resources = {}

    @property
    def next_offset(self):
        return self.offset + self.duration + dt.timedelta(
            minutes=self.template.salon_buffer or 0)


class SlotFinder:

    def __init__(self, store, products, employee=None, resources=None):
        self.store = store
        self.tzinfo = store.tzinfo
        self.employee = employee
        # the extra resources (salon.room) to use for their types
        self.resources = list(resources or [])
        self.steps = []
        offset = dt.timedelta(0)
        for product in products:
            step = ServiceStep(product, offset)
            self.steps.append(step)
            offset = step.next_offset
        last = self.steps[-1]
        # the client leaves at the end of the last service, the buffer
        # (cleanup) may run after closing time
        self.length = last.offset + last.duration
        self.step = dt.timedelta(minutes=store.booking_step or 15)

    def load(self, lower, upper):
        "Load what is needed to place starts in [lower, upper]"
        pool = Pool()
        Shift = pool.get('salon.shift')
        EmployeeSkill = pool.get('company.employee-salon.skill')
        Room = pool.get('salon.room')
        Opening = pool.get('salon.store.opening')
        ClosedDay = pool.get('salon.store.closed_day')
        Busy = pool.get('salon.appointment.busy')
        cursor = Transaction().connection.cursor()
        store_id = self.store.id
        horizon = max(
            (e for s in self.steps for _, e in s.employee_intervals),
            default=self.length)
        lo, hi = lower - DAY, upper + horizon + DAY

        opening = Opening.__table__()
        cursor.execute(*opening.select(
                opening.weekday, opening.open_time, opening.close_time,
                where=opening.store == store_id))
        self.openings = defaultdict(list)
        for weekday, open_time, close_time in cursor:
            self.openings[int(weekday)].append((open_time, close_time))
        closed = ClosedDay.__table__()
        cursor.execute(*closed.select(closed.date,
                where=(closed.store == store_id)
                & (closed.date >= (lo - DAY).date())
                & (closed.date <= (hi + DAY).date())))
        self.closed = {d for d, in cursor}

        shift = Shift.__table__()
        where = ((shift.store == store_id)
            & (shift.start < hi) & (shift.end > lo))
        if self.employee:
            where &= shift.employee == self.employee.id
        cursor.execute(*shift.select(
                shift.employee, shift.start, shift.end, where=where))
        shifts = defaultdict(list)
        for employee, start, end in cursor:
            shifts[employee].append((start, end))
        self.shifts = {e: Intervals(i) for e, i in shifts.items()}

        skills = defaultdict(set)
        employee_ids = sorted(self.shifts)
        if self.employee and self.employee.id not in employee_ids:
            employee_ids.append(self.employee.id)
        if employee_ids:
            skill = EmployeeSkill.__table__()
            cursor.execute(*skill.select(skill.employee, skill.skill,
                    where=SQL_OPERATORS['in'](
                        skill.employee, employee_ids)))
            for employee, skill_id in cursor:
                skills[employee].add(skill_id)
        self.skills = skills
        for step in self.steps:
            step.employees = [
                e for e in employee_ids if step.skills <= skills[e]]

        room = Room.__table__()
        types = {s.room_type for s in self.steps if s.room_type}
        types.update(t for s in self.steps for t in s.resource_types)
        rooms = defaultdict(list)
        if types:
            cursor.execute(*room.select(room.id, room.type,
                    where=(room.store == store_id)
                    & room.type.in_(list(types))
                    & (room.active == True),  # noqa: E712
                    order_by=[room.id.asc]))
            for room_id, type_ in cursor:
                rooms[type_].append(room_id)
        self.rooms_by_type = rooms
        given = defaultdict(list)
        for resource in self.resources:
            given[resource.type].append(resource.id)
        for step in self.steps:
            step.rooms = rooms.get(step.room_type, []) if step.room_type \
                else []
            step.resources = {
                t: given.get(t) or rooms.get(t, [])
                for t in step.resource_types}

        room_ids = sorted({r for s in self.steps for r in s.rooms}
            | {r for s in self.steps for t in s.resource_types
                for r in s.resources[t]})
        busy = Busy.__table__()
        clauses = []
        if employee_ids:
            clauses.append(
                SQL_OPERATORS['in'](busy.employee, employee_ids))
        if room_ids:
            clauses.append(SQL_OPERATORS['in'](busy.room, room_ids))
        employees_busy, rooms_busy = defaultdict(list), defaultdict(list)
        if clauses:
            cursor.execute(*busy.select(
                    busy.employee, busy.room, busy.start, busy.end,
                    where=Or(clauses) & (busy.start < hi) & (busy.end > lo)))
            for employee, room_id, start, end in cursor:
                if employee is not None:
                    employees_busy[employee].append((start, end))
                if room_id is not None:
                    rooms_busy[room_id].append((start, end))
        self.employees_busy = {
            e: Intervals(i) for e, i in employees_busy.items()}
        self.rooms_busy = {r: Intervals(i) for r, i in rooms_busy.items()}

    def windows(self, day):
        "Yield the opening windows of the local day as UTC (start, end)"
        if day in self.closed:
            return
        combine = dt.datetime.combine
        if not self.openings:
            yield (to_utc(combine(day, dt.time()), self.tzinfo),
                to_utc(combine(day + DAY, dt.time()), self.tzinfo))
            return
        for open_time, close_time in sorted(
                self.openings.get(day.weekday(), [])):
            yield (to_utc(combine(day, open_time), self.tzinfo),
                to_utc(combine(day, close_time), self.tzinfo))

    def starts(self, lower, upper):
        "Yield the candidate starts in [lower, upper]"
        day = to_local(lower, self.tzinfo).date()
        last = to_local(upper, self.tzinfo).date()
        while day <= last:
            for open_, close in self.windows(day):
                start = open_
                if start < lower:
                    skip = -((open_ - lower) // self.step)
                    start = open_ + skip * self.step
                while start + self.length <= close and start <= upper:
                    yield start
                    start += self.step
            day += DAY

    def is_open(self, start):
        end = start + self.length
        day = to_local(start, self.tzinfo).date()
        return any(o <= start and end <= c for o, c in self.windows(day))

    def _employee_fits(self, employee, intervals):
        shifts = self.shifts.get(employee)
        if not shifts:
            return False
        busy = self.employees_busy.get(employee)
        for start, end in intervals:
            if not shifts.covers(start, end):
                return False
            if busy and busy.conflict(start, end):
                return False
        return True

    def _room_fits(self, room, start, end):
        busy = self.rooms_busy.get(room)
        return not (busy and busy.conflict(start, end))

    def _fit_resources(self, step, start, room, previous):
        """Return the ids of a free resource per type the step needs
        besides room, preferring the previous ones, or None"""
        r_start, r_end = step.resource_interval
        r_start, r_end = start + r_start, start + r_end
        chosen = []
        for type_ in step.resource_types:
            candidates = step.resources[type_]
            candidates = ([r for r in candidates if r in previous]
                + [r for r in candidates if r not in previous])
            for resource in candidates:
                if (resource != room and resource not in chosen
                        and self._room_fits(resource, r_start, r_end)):
                    chosen.append(resource)
                    break
            else:
                return None
        return chosen

    def fit(self, start):
        """Return the allocation of each step at start, as a list of
        (step, employee id, room id, extra resource ids), or None"""
        allocation = []
        employee = room = None
        for step in self.steps:
            intervals = [(start + s, start + e)
                for s, e in step.employee_intervals]
            candidates = step.employees
            if employee in candidates:
                candidates = [employee] + [
                    e for e in candidates if e != employee]
            for employee in candidates:
                if self._employee_fits(employee, intervals):
                    break
            else:
                return None
            room = None
            if step.room_type:
                r_start, r_end = step.room_interval
                candidates = step.rooms
                if allocation and allocation[-1][2] in candidates:
                    previous = allocation[-1][2]
                    candidates = [previous] + [
                        r for r in candidates if r != previous]
                for room in candidates:
                    if self._room_fits(
                            room, start + r_start, start + r_end):
                        break
                else:
                    return None
            resources = self._fit_resources(step, start, room,
                allocation[-1][3] if allocation else [])
            if resources is None:
                return None
            allocation.append((step, employee, room, resources))
        return allocation

    def slots(self, lower, upper):
        for start in self.starts(lower, upper):
            allocation = self.fit(start)
            if allocation:
                yield start, allocation

    def explain(self, start):
        "Raise the error that says why nothing fits at start"
        pool = Pool()
        Employee = pool.get('company.employee')
        Room = pool.get('salon.room')
        store = self.store.rec_name
        end = start + self.length
        local = to_local(start, self.tzinfo)
        fmt = {
            'store': store,
            'start': format_local(start, self.tzinfo),
            'end': format_local(end, self.tzinfo),
            }
        if local.date() in self.closed:
            raise ScheduleValidationError(gettext(
                    'salon_booking.msg_store_closed',
                    store=store, date=local.date()))
        if not self.is_open(start):
            raise ScheduleValidationError(gettext(
                    'salon_booking.msg_outside_opening', **fmt))
        for step in self.steps:
            service = step.template.rec_name
            if self.employee:
                employee = self.employee.id
                name = self.employee.rec_name
                if not step.skills <= self.skills[employee]:
                    raise ResourceValidationError(gettext(
                            'salon_booking.msg_missing_skill',
                            employee=name, service=service))
                for s, e in step.employee_intervals:
                    s, e = start + s, start + e
                    shifts = self.shifts.get(employee)
                    if not shifts or not shifts.covers(s, e):
                        raise ScheduleValidationError(gettext(
                                'salon_booking.msg_outside_shift',
                                employee=name, store=store,
                                start=format_local(s, self.tzinfo),
                                end=format_local(e, self.tzinfo)))
                    busy = self.employees_busy.get(employee)
                    conflict = busy and busy.conflict(s, e)
                    if conflict:
                        raise ConflictError(gettext(
                                'salon_booking.msg_employee_busy',
                                employee=Employee(employee).rec_name,
                                start=format_local(
                                    conflict[0], self.tzinfo),
                                end=format_local(conflict[1], self.tzinfo)))
            elif not step.employees:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_no_skilled_employee',
                        store=store, service=service))
            if step.room_type and not step.rooms:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_no_room_type', store=store,
                        service=service,
                        type=dict(Room.fields_get(['type'])['type'][
                                'selection'])[step.room_type]))
            self._explain_resources(step, start)
        raise NoAvailabilityError(gettext(
                'salon_booking.msg_no_availability',
                services=', '.join(s.template.rec_name for s in self.steps),
                **fmt))

    def _explain_resources(self, step, start):
        """Raise the error if the step lacks a resource type or if every
        resource of a type is busy at start"""
        Room = Pool().get('salon.room')
        types = dict(Room.fields_get(['type'])['type']['selection'])
        r_start, r_end = step.resource_interval
        r_start, r_end = start + r_start, start + r_end
        for type_ in step.resource_types:
            candidates = step.resources[type_]
            if not candidates:
                raise ResourceValidationError(gettext(
                        'salon_booking.msg_no_resource_type',
                        store=self.store.rec_name,
                        service=step.template.rec_name, type=types[type_]))
            conflicts = []
            for resource in candidates:
                busy = self.rooms_busy.get(resource)
                conflict = busy and busy.conflict(r_start, r_end)
                if not conflict:
                    break
                conflicts.append((resource, conflict))
            else:
                resource, (busy_start, busy_end) = conflicts[0]
                raise ConflictError(gettext(
                        'salon_booking.msg_resource_busy',
                        resource=Room(resource).rec_name,
                        start=format_local(busy_start, self.tzinfo),
                        end=format_local(busy_end, self.tzinfo)))
