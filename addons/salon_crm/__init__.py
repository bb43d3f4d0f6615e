# This file is part of the salon suite.  The COPYRIGHT file at the top level
# of this repository contains the full copyright notices and license terms.
from . import rpc

rpc.install()
