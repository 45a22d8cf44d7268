"""handlers/api"""
