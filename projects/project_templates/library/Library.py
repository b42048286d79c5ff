# region imports
from AlgorithmImports import *

# endregion

# Code shared between projects. Add this project as a library to another project, then import it
# there by the library's name, e.g. `from MyLibrary.Library import double`.


def double(value):
    return 2 * value
