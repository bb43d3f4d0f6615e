# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
"""Consistency of the POS sales, the stored-value cards and the general
ledger, read straight from a PostgreSQL database.

check(cursor) returns the list of what is wrong (empty when consistent):
a posted sale without its posted entry, an entry of a sale that is not
posted or that does not balance, a paid sale whose payments do not cover
it, a card line whose payment is gone, a spend of a posted sale without
its entry, a card whose ledger is negative or differs from the liability
posted for it."""

CHECKS = [
    ("posted sale without a posted entry",
        """SELECT s.id FROM sale_point_sale s
        LEFT JOIN account_move m ON m.id = s.move
        WHERE s.state = 'posted'
            AND (m.id IS NULL OR m.state != 'posted')"""),
    ("entry of a sale that is not posted",
        """SELECT m.id FROM account_move m
        JOIN sale_point_sale s
            ON m.origin = 'sale.point.sale,' || s.id
        WHERE s.state != 'posted' OR s.move IS DISTINCT FROM m.id"""),
    ("entry that does not balance",
        """SELECT l.move FROM account_move_line l
        GROUP BY l.move HAVING SUM(l.debit) != SUM(l.credit)"""),
    ("entry without lines",
        """SELECT m.id FROM account_move m
        WHERE NOT EXISTS (
            SELECT 1 FROM account_move_line l WHERE l.move = m.id)"""),
    ("done or posted sale not paid in full",
        """SELECT s.id FROM sale_point_sale s
        WHERE s.state IN ('done', 'posted')
            AND (SELECT COALESCE(SUM(ROUND(
                    CAST(l.quantity AS NUMERIC) * l.unit_gross_price, 2)),
                    0)
                FROM sale_point_sale_line l WHERE l.sale = s.id)
            != COALESCE((
                SELECT SUM(p.amount) FROM sale_point_payment p
                WHERE p.sale = s.id), 0)"""),
    ("card line whose payment is gone",
        """SELECT l.id FROM salon_card_line l
        WHERE l.origin LIKE 'sale.point.payment,%'
            AND NOT EXISTS (
                SELECT 1 FROM sale_point_payment p
                WHERE l.origin = 'sale.point.payment,' || p.id)"""),
    ("card payment without its card line",
        """SELECT p.id FROM sale_point_payment p
        WHERE p.salon_card IS NOT NULL
            AND NOT EXISTS (
                SELECT 1 FROM salon_card_line l
                WHERE l.origin = 'sale.point.payment,' || p.id)"""),
    ("spend of a posted sale without the sale's entry",
        """SELECT l.id FROM salon_card_line l
        JOIN sale_point_payment p
            ON l.origin = 'sale.point.payment,' || p.id
        JOIN sale_point_sale s ON s.id = p.sale
        WHERE s.state = 'posted' AND l.move IS DISTINCT FROM s.move"""),
    ("card line pointing at a missing entry",
        """SELECT l.id FROM salon_card_line l
        LEFT JOIN account_move m ON m.id = l.move
        WHERE l.move IS NOT NULL AND m.id IS NULL"""),
    ("card with a negative balance",
        """SELECT l.card FROM salon_card_line l
        GROUP BY l.card HAVING SUM(l.amount) < 0"""),
    ("card whose posted ledger differs from its liability",
        """SELECT c.id FROM salon_card c
        WHERE COALESCE((
                SELECT SUM(l.amount) FROM salon_card_line l
                WHERE l.card = c.id AND l.move IS NOT NULL), 0)
            != COALESCE((
                SELECT SUM(ml.credit - ml.debit) FROM account_move_line ml
                WHERE ml.salon_card = c.id), 0)"""),
    ("package card service with more sessions used than bought",
        """SELECT l.card FROM salon_package_card_line l
        GROUP BY l.card, l.service HAVING SUM(l.sessions) < 0"""),
    ("package session taken by a sale that is not done or posted",
        """SELECT l.id FROM salon_package_card_line l
        JOIN sale_point_sale_line sl ON sl.id = l.sale_line
        JOIN sale_point_sale s ON s.id = sl.sale
        WHERE l.type = 'consume' AND s.state NOT IN ('done', 'posted')"""),
    ]


def check(cursor):
    "Return the inconsistencies found as (description, ids)"
    problems = []
    for description, query in CHECKS:
        cursor.execute(query)
        ids = sorted(r[0] for r in cursor.fetchall())
        if ids:
            problems.append((description, ids))
    return problems
