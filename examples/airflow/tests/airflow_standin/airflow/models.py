from airflow import VARIABLES


class Variable:
    @staticmethod
    def get(key, default_var=None):
        return VARIABLES.get(key, default_var)
