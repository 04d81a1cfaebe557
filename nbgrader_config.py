"""nbgrader settings of the course, for plain ``nbgrader`` run from the repository root.

Layout: the repository root is the nbgrader course folder, and ``notebooks/`` is the one source
assignment, called ``notebooks`` (``source_directory = "."``): ``nbgrader generate_assignment
notebooks`` writes ``release/notebooks/DayNN_<slug>.ipynb``, students' work is collected into
``submitted/<student>/notebooks/``, and ``nbgrader autograde notebooks`` grades it. ``release/``,
``submitted/``, ``autograded/``, ``feedback/`` and ``gradebook.db`` are git-ignored.

``course grade`` reads this file too (then points nbgrader at its own working folders), so the
time limits set here apply to both. See docs/instructors.md.
"""

from course_utils.grading import pipeline_config

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# The course's preprocessors: restore tampered cells, sandbox the student's kernel, run the tests in a
# trusted kernel, cap output, smoke mode.
c.merge(pipeline_config())

c.CourseDirectory.source_directory = "."
c.RestoreGradeCells.source_template = "{root}/{assignment}/{notebook}.ipynb"
c.GradingExecute.source_template = "{root}/{assignment}/{notebook}.ipynb"  # run by the trusted kernel

# Time limits. Grading runs in smoke mode (COURSE_SMOKE=1 in the kernel), where a whole notebook
# takes well under a minute on two free cores and a test cell under 20 s; the limit leaves room
# for a busy grading machine (two notebooks at once). A cell past this limit is interrupted and
# the notebook goes on. `course grade --timeout N` overrides it.
c.Execute.timeout = 180

# The OS sandbox (on by default, Linux with bubblewrap; see docs/instructors.md): each kernel runs as
# a user id of its own, with no network, seeing the system, the environment and the course package
# read-only and only its own folder writable. Its limits (the defaults shown):
# c.GradingExecute.sandbox = True                  # False: no sandbox (trusted submissions only)
# c.GradingExecute.sandbox_memory = 6 * 2**30      # address space, bytes (MemoryError past it)
# c.GradingExecute.sandbox_processes = 512         # processes and threads
# c.GradingExecute.sandbox_file_size = 256 * 2**20 # largest file written, bytes
# c.GradingExecute.sandbox_cpu = 600               # CPU seconds

# Kernel environment (GradingExecute.kernel_env): smoke mode and quiet TensorFlow.
# c.GradingExecute.kernel_env = {"COURSE_SMOKE": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
#                                "PYTHONWARNINGS": "ignore", "MPLBACKEND": "agg"}
